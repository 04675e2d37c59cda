package dev.playgate.gateway.edge;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.security.ClientIdentity;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The structured access log: one JSON line per answered request on the logger {@value AccessLogWriter#LOGGER}, with
 * {@code requestId}, {@code client}, {@code method}, {@code path}, {@code status}, {@code cache}, {@code code} and
 * {@code durationMs}. The line is built on the event loop in a {@link StringBuilder} each thread reuses, and handed
 * to an {@link AccessLogWriter}, which writes it off the event loop; while the logger's level turns it off, no line
 * is built at all. It never holds a query string (where a token could
 * be), a header other than {@code X-Request-Id}, or a body: no PlayAuth, play URL, key or token.
 */
final class AccessLog {

	static final AsciiString REQUEST_ID = AsciiString.cached("X-Request-Id");
	private static final int MAX_REQUEST_ID = 64;
	private static final AttributeKey<Entry> ENTRY = AttributeKey.valueOf("playgate.access");
	private static final int LINE_CAPACITY = 256;
	private static final int MAX_KEPT_CAPACITY = 4096;
	private static final char[] HEX = "0123456789abcdef".toCharArray();
	private static final ThreadLocal<StringBuilder> LINES = ThreadLocal
		.withInitial(() -> new StringBuilder(LINE_CAPACITY));

	private final AccessLogWriter writer;
	private final Ticker ticker;

	AccessLog(AccessLogWriter writer, Ticker ticker) {
		this.writer = writer;
		this.ticker = ticker;
	}

	/** Wraps a route's handler so that its answer, whatever it is, is logged exactly once. */
	BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> around(
			BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		return (request, response) -> {
			Entry entry = new Entry(ticker.read(), requestId(request.requestHeaders().get(REQUEST_ID)));
			response.header(REQUEST_ID, entry.requestId);
			response.withConnection(connection -> connection.channel().attr(ENTRY).set(entry));
			return Mono.defer(() -> Mono.from(handler.apply(request, response)))
				.doFinally(signal -> write(entry, request, response));
		};
	}

	/** Records who the caller is, once the gate admitted it. */
	static void client(HttpServerResponse response, ClientIdentity caller) {
		Entry entry = entry(response);
		if (entry != null) {
			entry.client = caller.isAnonymous() ? null : caller.id();
		}
	}

	/** Records the problem code the answer carries. */
	static void code(HttpServerResponse response, ProblemCode code) {
		Entry entry = entry(response);
		if (entry != null) {
			entry.code = code;
		}
	}

	private static @Nullable Entry entry(HttpServerResponse response) {
		Entry[] found = new Entry[1];
		response.withConnection(connection -> found[0] = connection.channel().attr(ENTRY).get());
		return found[0];
	}

	private void write(Entry entry, HttpServerRequest request, HttpServerResponse response) {
		if (entry.written) {
			return;
		}
		entry.written = true;
		answered(entry.startNanos, entry.requestId, entry.client, request.remoteAddress(), request.method(),
				request.uri(), response.status().code(), response.responseHeaders().get(CredentialAnswer.X_CACHE),
				entry.code);
	}

	/** The start of an exchange, in this log's time, for {@link #answered}. */
	long start() {
		return ticker.read();
	}

	/**
	 * Logs one answered request: the line {@link #around} writes for a route's answer, here for an answer written
	 * outside Reactor Netty's exchange (a {@link HitPath} hit).
	 * @param startNanos when the request was read, from {@link #start}
	 * @param client the admitted caller's id, or {@code null} for the peer's address
	 * @param uri the request's URI; only its path is logged
	 */
	void answered(long startNanos, String requestId, @Nullable String client, @Nullable SocketAddress peer,
			HttpMethod method, String uri, int status, @Nullable String cache, @Nullable ProblemCode code) {
		if (!writer.isEnabled()) {
			return;
		}
		long durationMicros = (ticker.read() - startNanos) / 1_000;
		StringBuilder line = line();
		line.append("{\"requestId\":");
		string(line, requestId);
		line.append(",\"client\":");
		string(line, client != null ? client : address(peer));
		line.append(",\"method\":");
		string(line, method.name());
		line.append(",\"path\":");
		int query = uri.indexOf('?');
		string(line, uri, query < 0 ? uri.length() : query);
		line.append(",\"status\":").append(status);
		line.append(",\"cache\":");
		string(line, cache);
		line.append(",\"code\":");
		string(line, code == null ? null : code.name());
		line.append(",\"durationMs\":").append(durationMicros / 1000).append('.');
		long fraction = durationMicros % 1000;
		line.append(fraction < 10 ? "00" : fraction < 100 ? "0" : "").append(fraction).append('}');
		writer.write(line.toString());
	}

	/** This thread's line builder, emptied; one that grew past a few kilobytes is replaced, so none stays large. */
	private static StringBuilder line() {
		StringBuilder line = LINES.get();
		if (line.capacity() > MAX_KEPT_CAPACITY) {
			line = new StringBuilder(LINE_CAPACITY);
			LINES.set(line);
		}
		line.setLength(0);
		return line;
	}

	private static @Nullable String address(@Nullable SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return null;
	}

	/** The incoming request id when it is a sane token ({@code [A-Za-z0-9._-]{1,64}}), else a new random one. */
	static String requestId(@Nullable String incoming) {
		if (incoming != null && isToken(incoming)) {
			return incoming;
		}
		String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
		return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
	}

	private static boolean isToken(String value) {
		int length = value.length();
		if (length == 0 || length > MAX_REQUEST_ID) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/** Appends a JSON string (or {@code null}), escaping quotes, backslashes and control characters. */
	static void string(StringBuilder line, @Nullable String value) {
		if (value == null) {
			line.append("null");
			return;
		}
		string(line, value, value.length());
	}

	/** Appends the first {@code end} characters of {@code value} as a JSON string. */
	private static void string(StringBuilder line, String value, int end) {
		line.append('"');
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> line.append("\\\"");
				case '\\' -> line.append("\\\\");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						line.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
							.append(HEX[c & 0xF]);
					}
					else {
						line.append(c);
					}
				}
			}
		}
		line.append('"');
	}

	/** What is known about one request while it is answered. */
	private static final class Entry {

		final long startNanos;
		final String requestId;
		@Nullable String client;
		@Nullable ProblemCode code;
		boolean written;

		Entry(long startNanos, String requestId) {
			this.startNanos = startNanos;
			this.requestId = requestId;
		}
	}
}
