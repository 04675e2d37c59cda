package dev.playgate.gateway.edge;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.security.ClientIdentity;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The structured access log: one JSON line per answered request on the logger {@value AccessLogWriter#LOGGER}, with
 * {@code requestId}, {@code client}, {@code method}, {@code path}, {@code status}, {@code cache}, {@code code} and
 * {@code durationMs}. What is known about a request is kept in its {@link AccessLine}; when the answer ends, the line
 * is written as bytes into the event loop's own batch, which an {@link AccessLogWriter} writes off the event loop;
 * while the logger's level turns it off, no line is written at all. It never holds a query string (where a token
 * could be), a header other than {@code X-Request-Id}, or a body: no PlayAuth, play URL, key or token.
 */
final class AccessLog {

	static final AsciiString REQUEST_ID = AsciiString.cached("X-Request-Id");
	private static final int MAX_REQUEST_ID = 64;
	private static final int GENERATED_ID_DIGITS = 16;
	private static final AttributeKey<AccessLine> ENTRY = AttributeKey.valueOf("playgate.access");
	private static final AttributeKey<Peer> PEER = AttributeKey.valueOf("playgate.access.peer");
	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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
			AccessLine line = new AccessLine(ticker.read(), requestId(request.requestHeaders().get(REQUEST_ID)));
			response.header(REQUEST_ID, line.requestId);
			Channel channel = channel(response);
			if (channel != null) {
				channel.attr(ENTRY).set(line);
			}
			return Mono.from(answer(handler, request, response)).doFinally(signal -> write(line, request, response));
		};
	}

	/** The handler's answer; a handler that throws answers with the error, so that its line is written too. */
	private static Publisher<Void> answer(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler,
			HttpServerRequest request, HttpServerResponse response) {
		try {
			return handler.apply(request, response);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
	}

	/** Records who the caller is, once the gate admitted it. */
	static void client(HttpServerResponse response, ClientIdentity caller) {
		AccessLine line = line(response);
		if (line != null) {
			line.client = caller.isAnonymous() ? null : caller.id();
		}
	}

	/** Records the problem code the answer carries. */
	static void code(HttpServerResponse response, ProblemCode code) {
		AccessLine line = line(response);
		if (line != null) {
			line.code = code;
		}
	}

	private static @Nullable AccessLine line(HttpServerResponse response) {
		Channel channel = channel(response);
		return channel == null ? null : channel.attr(ENTRY).get();
	}

	/** The response's channel: Reactor Netty's response is its connection, so no callback is needed to reach it. */
	private static @Nullable Channel channel(HttpServerResponse response) {
		if (response instanceof Connection connection) {
			return connection.channel();
		}
		Channel[] found = new Channel[1];
		response.withConnection(connection -> found[0] = connection.channel());
		return found[0];
	}

	private void write(AccessLine line, HttpServerRequest request, HttpServerResponse response) {
		if (line.written) {
			return;
		}
		line.written = true;
		if (!writer.isEnabled()) {
			return;
		}
		long now = ticker.read();
		String peer = line.client == null ? peer(request, response) : null;
		line.end(peer, request.method().name(), request.uri(), response.status().code(),
				response.responseHeaders().get(CredentialAnswer.X_CACHE), now);
		writer.write(line, now);
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
	 * @param channel the request's connection
	 * @param uri the request's URI; only its path is logged
	 */
	void answered(long startNanos, AsciiString requestId, @Nullable String client, Channel channel, HttpMethod method,
			String uri, int status, @Nullable CharSequence cache) {
		if (!writer.isEnabled()) {
			return;
		}
		AccessLine line = new AccessLine(startNanos, requestId);
		line.client = client;
		long now = ticker.read();
		String peer = client == null ? peer(channel, channel.remoteAddress()) : null;
		writer.write(line.end(peer, method.name(), uri, status, cache, now), now);
	}

	/** {@link #peer(Channel, SocketAddress)} of the request's connection, or the address alone without one. */
	private static @Nullable String peer(HttpServerRequest request, HttpServerResponse response) {
		SocketAddress address = request.remoteAddress();
		Channel channel = channel(response);
		return channel == null ? address(address) : peer(channel, address);
	}

	/**
	 * The peer's address as text, formatted once per connection: kept on the channel with the address it was made
	 * from, and made again only when the request names another address (forwarded headers).
	 */
	private static @Nullable String peer(Channel channel, @Nullable SocketAddress address) {
		Attribute<Peer> attribute = channel.attr(PEER);
		Peer known = attribute.get();
		if (known == null || known.address() != address) {
			known = new Peer(address, address(address));
			attribute.set(known);
		}
		return known.text();
	}

	private static @Nullable String address(@Nullable SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return null;
	}

	/** The incoming request id when it is a sane token ({@code [A-Za-z0-9._-]{1,64}}), else a new random one. */
	static AsciiString requestId(@Nullable CharSequence incoming) {
		if (incoming != null && isToken(incoming)) {
			return new AsciiString(incoming);
		}
		long random = ThreadLocalRandom.current().nextLong();
		byte[] digits = new byte[GENERATED_ID_DIGITS];
		for (int i = GENERATED_ID_DIGITS - 1; i >= 0; i--, random >>>= 4) {
			digits[i] = HEX[(int) (random & 0xF)];
		}
		return new AsciiString(digits, false);
	}

	private static boolean isToken(CharSequence value) {
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

	/** A peer address and its text. */
	private record Peer(@Nullable SocketAddress address, @Nullable String text) {
	}
}
