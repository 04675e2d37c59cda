package dev.playgate.gateway.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import dev.playgate.gateway.api.Problem;
import dev.playgate.gateway.credential.ProblemCode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.jspecify.annotations.Nullable;

/**
 * What a server of the gateway, public or management, refuses below its routes: a request that cannot be read as
 * HTTP/1.x (a codec failure, a version other than 1.0 and 1.1, a body whose framing cannot be read, on HTTP/1.1 a
 * missing, repeated or malformed {@code Host}), and the problem answer, with {@code Connection: close}, that such a
 * refusal is written as. The details are the gateway's own words; nothing of the request is repeated.
 *
 * <p>
 * Framing (RFC 9112 §6.1 and §6.3): a request with {@code Transfer-Encoding} is readable only on HTTP/1.1 and only
 * when its codings, over all its {@code Transfer-Encoding} lines, name {@code chunked} once and last. Netty's codec
 * reads any other request with the header as one without a body (it knows only chunked), so the body's bytes would be
 * read as the next request: what a proxy in front frames differently could smuggle past it.
 */
final class UnreadableRequest {

	/** The detail of refusing a request whose target is not a URI reference ({@link #isUriTarget}). */
	static final String NOT_A_URI = "the request target is not a valid URI";

	private UnreadableRequest() {
	}

	/** The problem {@code request} is refused with, or {@code null} when it is readable. */
	static @Nullable ProblemCode codeOf(HttpRequest request) {
		DecoderResult result = request.decoderResult();
		if (result.isFailure()) {
			Throwable cause = result.cause();
			if (cause instanceof TooLongHttpLineException) {
				return ProblemCode.URI_TOO_LONG;
			}
			return cause instanceof TooLongHttpHeaderException ? ProblemCode.HEADERS_TOO_LARGE
					: ProblemCode.BAD_REQUEST;
		}
		HttpVersion version = request.protocolVersion();
		boolean http11 = HttpVersion.HTTP_1_1.equals(version);
		if (!http11 && !HttpVersion.HTTP_1_0.equals(version)) {
			return ProblemCode.BAD_REQUEST;
		}
		if (!isFramingReadable(request)) {
			return ProblemCode.BAD_REQUEST;
		}
		List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
		boolean hostOk = hosts.size() == 1 ? HostHeader.isValid(hosts.get(0)) : hosts.isEmpty() && !http11;
		return hostOk ? null : ProblemCode.BAD_REQUEST;
	}

	/**
	 * Whether the request's body framing can be read: no {@code Transfer-Encoding}, or on HTTP/1.1 codings that name
	 * {@code chunked} once, as the last (see the class comment).
	 */
	static boolean isFramingReadable(HttpRequest request) {
		if (!request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return true; // every request passes here: the common case looks the header up, allocating nothing
		}
		if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
			return false;
		}
		int chunked = 0;
		String last = "";
		for (String line : request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
			for (String coding : line.split(",", -1)) {
				last = coding.trim();
				if (HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(last)) {
					chunked++;
				}
			}
		}
		return chunked == 1 && HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(last);
	}

	/**
	 * Whether {@code target} can be read as a URI reference (RFC 3986), as a server whose handlers take the request as
	 * a {@link URI} (the management port's Spring WebFlux) needs: not when a {@code %} does not start a triplet, nor
	 * with a character a URI cannot hold. The public port's routes read their targets themselves and refuse a bad one
	 * as an invalid parameter.
	 */
	static boolean isUriTarget(String target) {
		try {
			new URI(target);
			return true;
		}
		catch (URISyntaxException notAUri) {
			return false;
		}
	}

	/** The client-safe detail of refusing {@code request} with {@code code}, one of {@link #codeOf}'s. */
	static String detail(ProblemCode code, HttpRequest request) {
		return switch (code) {
			case URI_TOO_LONG -> "the request line is too long";
			case HEADERS_TOO_LARGE -> "the request's header section is too large";
			default -> {
				if (request.decoderResult().isFailure()) {
					yield "the request is not readable HTTP/1.1";
				}
				boolean supported = HttpVersion.HTTP_1_1.equals(request.protocolVersion())
						|| HttpVersion.HTTP_1_0.equals(request.protocolVersion());
				if (!supported) {
					yield "only HTTP/1.0 and HTTP/1.1 are served";
				}
				yield isFramingReadable(request) ? "exactly one valid Host header is required"
						: "a Transfer-Encoding must name chunked once, as its last coding, on HTTP/1.1";
			}
		};
	}

	/** The problem answer of a refusal below the routes, after which the connection is closed. */
	static FullHttpResponse answer(ProblemCode code, String detail) {
		byte[] body = Problem.of(code, detail, null).encode();
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(Problem.status(code)), Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
			.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return response;
	}
}
