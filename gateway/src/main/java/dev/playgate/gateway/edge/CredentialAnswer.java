package dev.playgate.gateway.edge;

import java.time.Instant;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.EpochNanos;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes a successful answer: the credential's pre-encoded body and the headers that say how it was served and for
 * how long it may be used ({@code X-Cache}, {@code Cache-Control: private, max-age=N}, {@code Age}). An RFC 9111
 * cache keeps an answer fresh for {@code max-age - Age}, so {@code max-age} is the age plus the time the credential
 * may still be used ({@code expiresAt - now}, the expiry already less the clock-skew margin): a cache keeps it exactly
 * as long as it works.
 */
final class CredentialAnswer {

	static final AsciiString X_CACHE = AsciiString.cached("X-Cache");
	static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
	private static final AsciiString[] STATUS_VALUES = statusValues();

	/**
	 * Headers of a hit answered in the pipeline, not validated as they are set: every name is a constant and every
	 * value ours (a constant, a number, or a request id that {@link AccessLog#requestId} let through as a token only),
	 * so checking each one's characters again on every hit would only cost.
	 */
	private static final HttpHeadersFactory OWN_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final HttpHeadersFactory NO_TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

	private CredentialAnswer() {
	}

	/** Sends {@code body} (one credential's or a batch's) with the cache headers of {@code credential}. */
	static Publisher<Void> send(HttpServerResponse response, byte[] body, CacheStatus status, Instant issuedAt,
			Instant expiresAt, Instant now) {
		return send(response, body, status, wholeSeconds(issuedAt, now), wholeSeconds(now, expiresAt));
	}

	/** Sends one credential (its times read as the epoch nanos it holds, so a hit allocates no instant). */
	static Publisher<Void> send(HttpServerResponse response, Credential credential, CacheStatus status, Instant now) {
		headers(response.responseHeaders(), credential, status, now);
		return response.status(HttpResponseStatus.OK).sendObject(Unpooled.wrappedBuffer(credential.body()));
	}

	private static Publisher<Void> send(HttpServerResponse response, byte[] body, CacheStatus status, long age,
			long usable) {
		headers(response.responseHeaders(), body, status, age, usable);
		return response.status(HttpResponseStatus.OK).sendObject(Unpooled.wrappedBuffer(body));
	}

	/**
	 * One credential's answer as a whole Netty response, for the {@link HitPath}: the same status, headers and body
	 * {@link #send} writes through Reactor Netty, after {@code X-Request-Id} when the access log gives one.
	 */
	static FullHttpResponse response(Credential credential, CacheStatus status, Instant now,
			@Nullable CharSequence requestId) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				Unpooled.wrappedBuffer(credential.body()), OWN_HEADERS, NO_TRAILERS);
		if (requestId != null) {
			response.headers().set(AccessLog.REQUEST_ID, requestId);
		}
		headers(response.headers(), credential, status, now);
		return response;
	}

	/** One credential's cache headers at {@code now}, its times read as the epoch nanos it holds (no instant made). */
	private static void headers(HttpHeaders headers, Credential credential, CacheStatus status, Instant now) {
		long nowNanos = EpochNanos.of(now);
		long age = Math.max(0, EpochNanos.wholeSeconds(credential.issuedAtNanos(), nowNanos));
		long usable = Math.max(0, EpochNanos.wholeSeconds(nowNanos, credential.expiresAtNanos()));
		headers(headers, credential.body(), status, age, usable);
	}

	private static void headers(HttpHeaders headers, byte[] body, CacheStatus status, long age, long usable) {
		headers.set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON);
		headers.set(X_CACHE, STATUS_VALUES[status.ordinal()]);
		headers.set(HttpHeaderNames.CACHE_CONTROL, HeaderValues.cacheControl(age + usable));
		headers.set(HttpHeaderNames.AGE, HeaderValues.number(age));
		headers.set(HttpHeaderNames.CONTENT_LENGTH, HeaderValues.number(body.length));
	}

	/** The {@code X-Cache} value of {@code status}. */
	static AsciiString cacheValue(CacheStatus status) {
		return STATUS_VALUES[status.ordinal()];
	}

	/** The whole seconds from {@code from} to {@code to} (as {@code Duration.toSeconds}), never negative. */
	static long wholeSeconds(Instant from, Instant to) {
		long seconds = to.getEpochSecond() - from.getEpochSecond();
		if (to.getNano() < from.getNano()) {
			seconds--;
		}
		return Math.max(0, seconds);
	}

	private static AsciiString[] statusValues() {
		CacheStatus[] statuses = CacheStatus.values();
		AsciiString[] values = new AsciiString[statuses.length];
		for (CacheStatus status : statuses) {
			values[status.ordinal()] = AsciiString.cached(status.name());
		}
		return values;
	}
}
