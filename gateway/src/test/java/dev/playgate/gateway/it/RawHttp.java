package dev.playgate.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Raw HTTP/1.x over a socket, for requests no HTTP client would send: the bytes go as given, and each answer is read
 * by its {@code Content-Length} (none for a {@code HEAD}), or the connection is seen to close.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;
	private final InputStream in;

	private RawHttp(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
	}

	/** A connection to {@code port} on the loopback address, reads bounded by {@code timeoutMillis}. */
	static RawHttp connect(int port, int timeoutMillis) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
		socket.setSoTimeout(timeoutMillis);
		return new RawHttp(socket);
	}

	/** One request on its own connection, its answer, or {@code null} when the connection closed without one. */
	static @Nullable Answer exchange(int port, String request) throws IOException {
		try (RawHttp http = connect(port, 10_000)) {
			http.send(request.getBytes(StandardCharsets.UTF_8));
			return http.read(request.startsWith("HEAD "));
		}
	}

	void send(byte[] bytes) throws IOException {
		socket.getOutputStream().write(bytes);
		socket.getOutputStream().flush();
	}

	void send(String text) throws IOException {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	/** The next answer, or {@code null} when the connection closes (or resets) first. */
	@Nullable Answer read(boolean head) throws IOException {
		try {
			String statusLine = line();
			if (statusLine == null) {
				return null;
			}
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = line(); line != null && !line.isEmpty(); line = line()) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
			byte[] body = in.readNBytes(length);
			return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers,
					new String(body, StandardCharsets.UTF_8));
		}
		catch (java.net.SocketException reset) {
			return null;
		}
	}

	/**
	 * Whether the server keeps the connection open and sends nothing for {@code millis}: a read that must time out,
	 * so the test waits on the connection itself, not on a clock.
	 */
	boolean staysSilentFor(int millis) throws IOException {
		int timeout = socket.getSoTimeout();
		socket.setSoTimeout(millis);
		try {
			return in.read() < -1; // any byte or the end of the stream within millis: not silent
		}
		catch (SocketTimeoutException silent) {
			return true;
		}
		catch (java.net.SocketException reset) {
			return false;
		}
		finally {
			socket.setSoTimeout(timeout);
		}
	}

	/** Whether the server closes the connection within the read timeout (a read returns end of stream or reset). */
	boolean isClosedByServer() throws IOException {
		try {
			while (in.read() >= 0) {
				// drain whatever answer came before the close
			}
			return true;
		}
		catch (SocketTimeoutException stillOpen) {
			return false;
		}
		catch (java.net.SocketException reset) {
			return true;
		}
	}

	private @Nullable String line() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b == '\n') {
				String line = out.toString(StandardCharsets.ISO_8859_1);
				return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
			}
			out.write(b);
		}
		return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	/** An answer: status, headers (names lower-cased) and body. */
	record Answer(int status, Map<String, String> headers, String body) {

		@Nullable String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}
	}
}
