import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keep-alive saturation client: {@code connections} raw HTTP/1.1 connections, each sending {@code requests} GETs for
 * new video ids one after the other, waiting at most {@code timeout-ms} for each answer. Prints, as key=value lines,
 * the answers by status, the unanswered requests and the answer times (p50, p99, max in ms).
 * Usage: java bench/SaturationBench.java port connections requests timeout-ms
 */
public final class SaturationBench {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int connections = Integer.parseInt(args[1]);
		int requests = Integer.parseInt(args[2]);
		int timeoutMillis = Integer.parseInt(args[3]);
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger unanswered = new AtomicInteger();
		List<Long> times = Collections.synchronizedList(new ArrayList<>());
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			Thread thread = new Thread(() -> drive(port, requests, timeoutMillis, statuses, unanswered, times));
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		List<Long> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		System.out.println("sent=" + connections * requests);
		new TreeMap<>(statuses).forEach((status, count) -> System.out.println("status_" + status + "=" + count));
		System.out.println("unanswered=" + unanswered.get());
		System.out.println("answer_p50_ms=" + percentile(sorted, 0.50));
		System.out.println("answer_p99_ms=" + percentile(sorted, 0.99));
		System.out.println("answer_max_ms=" + percentile(sorted, 1.0));
	}

	private static String percentile(List<Long> sorted, double q) {
		if (sorted.isEmpty()) {
			return "nan";
		}
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
		return String.format("%.2f", sorted.get(Math.max(0, index)) / 1e6);
	}

	/** One connection's requests; a request left unanswered costs its connection, the rest go on a new one. */
	private static void drive(int port, int requests, int timeoutMillis, Map<Integer, AtomicInteger> statuses,
			AtomicInteger unanswered, List<Long> times) {
		Socket socket = null;
		for (int i = 0; i < requests; i++) {
			try {
				if (socket == null) {
					socket = new Socket();
					socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
					socket.setSoTimeout(timeoutMillis);
					socket.setTcpNoDelay(true);
				}
				String video = UUID.randomUUID().toString().replace("-", "");
				String request = "GET /v1/videos/" + video + "/play-auth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
				long start = System.nanoTime();
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				int status = readAnswer(socket.getInputStream());
				times.add(System.nanoTime() - start);
				statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
			}
			catch (IOException ex) {
				unanswered.incrementAndGet();
				System.err.println("unanswered: request " + i + " on local port "
						+ (socket == null ? -1 : socket.getLocalPort()) + ": " + ex);
				socket = close(socket);
			}
		}
		close(socket);
	}

	private static Socket close(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// closing a broken connection
			}
		}
		return null;
	}

	/** Reads one answer (headers and a Content-Length body); returns its status. */
	private static int readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed");
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		int status = Integer.parseInt(headers.substring(9, 12));
		int length = 0;
		for (String line : headers.split("\r\n")) {
			if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		in.readNBytes(length);
		return status;
	}
}
