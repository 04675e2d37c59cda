package dev.playgate.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Raw HTTP/1.1 keep-alive clients: each connection sends its requests one after the other on the same socket, waiting
 * a bounded time for each answer, exactly as a player or a pooling client would. Every request ends as an answer
 * (counted by status) or as unanswered (the connection is then replaced), so nothing goes uncounted.
 */
final class KeepAliveClients {

	private KeepAliveClients() {
	}

	/**
	 * What the clients saw.
	 *
	 * @param statuses answers by HTTP status
	 * @param unanswered requests that got no complete answer in time
	 * @param retryAfterMissing 503 answers without a {@code Retry-After} header
	 */
	record Tally(Map<Integer, Integer> statuses, int unanswered, int retryAfterMissing) {

		int answered() {
			return statuses.values().stream().mapToInt(Integer::intValue).sum();
		}

		int count(int status) {
			return statuses.getOrDefault(status, 0);
		}
	}

	/** {@code connections} connections to {@code port}, each sending {@code requests} GETs of {@code path(i)}. */
	static Tally run(int port, int connections, int requests, Duration answerTimeout, IntFunction<String> path)
			throws Exception {
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger unanswered = new AtomicInteger();
		AtomicInteger retryAfterMissing = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				running.add(threads.submit(() -> drive(port, requests, (int) answerTimeout.toMillis(), path, statuses,
						unanswered, retryAfterMissing)));
			}
			for (Future<?> connection : running) {
				connection.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
		statuses.forEach((status, count) -> byStatus.put(status, count.get()));
		return new Tally(Map.copyOf(byStatus), unanswered.get(), retryAfterMissing.get());
	}

	private static void drive(int port, int requests, int timeoutMillis, IntFunction<String> path,
			Map<Integer, AtomicInteger> statuses, AtomicInteger unanswered, AtomicInteger retryAfterMissing) {
		Socket socket = null;
		for (int i = 0; i < requests; i++) {
			try {
				if (socket == null) {
					socket = connect(port, timeoutMillis);
				}
				String request = "GET " + path.apply(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				String head = readAnswer(socket.getInputStream());
				int status = Integer.parseInt(head.substring(9, 12));
				statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
				if (status == 503 && header(head, "retry-after") == null) {
					retryAfterMissing.incrementAndGet();
				}
			}
			catch (IOException ex) {
				unanswered.incrementAndGet();
				socket = close(socket);
			}
		}
		close(socket);
	}

	private static Socket connect(int port, int timeoutMillis) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
		socket.setSoTimeout(timeoutMillis);
		socket.setTcpNoDelay(true);
		return socket;
	}

	private static Socket close(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// the connection is being replaced anyway
			}
		}
		return null;
	}

	/** Reads one answer's head and its {@code Content-Length} body; returns the head. */
	private static String readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed");
			}
			head.write(b);
			matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
		String text = head.toString(StandardCharsets.US_ASCII);
		String length = header(text, "content-length");
		if (length == null) {
			throw new IOException("answer without Content-Length: " + text);
		}
		int expected = Integer.parseInt(length);
		if (in.readNBytes(expected).length != expected) {
			throw new IOException("connection closed inside a body");
		}
		return text;
	}

	private static String header(String head, String name) {
		for (String line : head.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}
}
