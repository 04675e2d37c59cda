package dev.playgate.gateway.edge;

import java.time.Duration;

import dev.playgate.gateway.api.Problem;
import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.ProblemCode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends a {@link Problem} document with its status and headers ({@code Cache-Control: no-store}, and
 * {@code Retry-After} when a retry time is known).
 */
final class ProblemAnswer {

	private static final AsciiString MEDIA_TYPE = AsciiString.cached(Problem.MEDIA_TYPE);

	private ProblemAnswer() {
	}

	/** Sends a problem answer, with {@code Retry-After} (whole seconds, at least 1) when a retry time is known. */
	static Publisher<Void> send(HttpServerResponse response, ProblemCode code, String detail, @Nullable String instance,
			@Nullable Duration retryAfter) {
		AccessLog.code(response, code);
		byte[] body = Problem.of(code, detail, isPlainPath(instance) ? instance : null).encode();
		HttpHeaders headers = response.responseHeaders();
		headers.set(HttpHeaderNames.CONTENT_TYPE, MEDIA_TYPE);
		headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		if (retryAfter != null) {
			headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
		}
		return response.status(HttpResponseStatus.valueOf(Problem.status(code)))
			.sendObject(Unpooled.wrappedBuffer(body));
	}

	/**
	 * Whether {@code path} may be repeated as a problem's {@code instance}: only a path of the characters a route's
	 * path is made of ({@code [A-Za-z0-9/._~-]}), so neither a percent-encoding nor a control character a client sent
	 * comes back to it.
	 */
	static boolean isPlainPath(@Nullable String path) {
		if (path == null) {
			return false;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
					|| c == '.' || c == '_' || c == '~' || c == '-';
			if (!plain) {
				return false;
			}
		}
		return true;
	}

	/** Sends the problem answer of a refusal, with its {@code Retry-After} when it has one. */
	static Publisher<Void> send(HttpServerResponse response, CredentialException refusal, String instance) {
		return send(response, refusal.code(), refusal.getMessage(), instance, refusal.retryAfter());
	}

	/** {@code Retry-After} in whole seconds, rounded up, never below one. */
	static long retryAfterSeconds(Duration retryAfter) {
		long millis = Math.max(retryAfter.toMillis(), 1);
		return Math.max(1, (millis + 999) / 1000);
	}
}
