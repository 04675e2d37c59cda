package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.ProblemCode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An RFC 9457 problem document, {@code application/problem+json}: {@code type}, {@code title}, {@code status},
 * the stable {@code code}, a client-safe {@code detail}, the {@code instance} path, and in batch answers the
 * {@code videoId} it is about.
 */
final class ProblemAnswer {

	static final String MEDIA_TYPE = "application/problem+json";

	private ProblemAnswer() {
	}

	/** Sends a problem answer, with {@code Retry-After} (whole seconds, at least 1) when a retry time is known. */
	static Publisher<Void> send(HttpServerResponse response, ProblemCode code, String detail, String instance,
			@Nullable Duration retryAfter) {
		byte[] body = encode(code, detail, instance, null);
		HttpHeaders headers = response.responseHeaders();
		headers.set(HttpHeaderNames.CONTENT_TYPE, MEDIA_TYPE);
		headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		if (retryAfter != null) {
			headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
		}
		return response.status(HttpResponseStatus.valueOf(code.status())).sendObject(Unpooled.wrappedBuffer(body));
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

	/** The encoded document. */
	static byte[] encode(ProblemCode code, String detail, String instance, @Nullable String videoId) {
		StringBuilder json = new StringBuilder(160 + detail.length());
		json.append("{\"type\":").append(quote(code.type()));
		json.append(",\"title\":").append(quote(code.title()));
		json.append(",\"status\":").append(code.status());
		json.append(",\"code\":").append(quote(code.name()));
		json.append(",\"detail\":").append(quote(detail));
		json.append(",\"instance\":").append(quote(instance));
		if (videoId != null) {
			json.append(",\"videoId\":").append(quote(videoId));
		}
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	/** A JSON string literal of {@code text}, escaping quotes, backslashes and control characters. */
	static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}
}
