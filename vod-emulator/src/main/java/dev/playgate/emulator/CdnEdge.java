package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An emulated CDN edge under {@code /__cdn}: {@code GET /__cdn/<path>?auth_key=...} checks the URL signature of
 * {@code /<path>} exactly as the CDN checks type A and answers 200, or 403 with the reason in
 * {@code X-Tengine-Error} (e.g. {@code denied by req auth: expired timestamp=...}). A test replaces the scheme and
 * host of a play URL by {@code http://host:port/__cdn} to learn whether a player could fetch it.
 *
 * <p>Type A: {@code auth_key={timestamp}-{rand}-{uid}-{md5hash}}, with
 * {@code md5hash = md5hex("{path}-{timestamp}-{rand}-{uid}-{key}")}; the URL is expired once
 * {@code timestamp + validity < now}. Edge requests are not VOD calls: they are never counted in the statistics.
 */
final class CdnEdge {

	static final String PREFIX = "/__cdn";

	private static final String DENIED = "denied by req auth: ";

	private final CdnOptions options;
	private final Clock clock;

	CdnEdge(CdnOptions options, Clock clock) {
		this.options = options;
		this.clock = clock;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		String path = uri.rawPath().substring(PREFIX.length());
		String refusal = path.isEmpty() ? "no such object" : refusal(path, uri.parameters().get("auth_key"));
		if (refusal != null) {
			return response.status(403).header("X-Tengine-Error", refusal).sendString(Mono
				.just("403 Forbidden\n"));
		}
		return response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
				.sendString(Mono.just("emulated media " + path + "\n"));
	}

	/** Why the CDN refuses the URL, or {@code null} when it serves it. */
	@Nullable
	String refusal(String path, @Nullable List<String> authKeys) {
		if (authKeys == null || authKeys.isEmpty()) {
			return DENIED + "no auth_key";
		}
		String authKey = authKeys.get(0);
		String[] parts = authKey.split("-", -1);
		if (parts.length != 4 || !parts[0].matches("[0-9]{1,12}") || parts[1].isEmpty() || parts[2].isEmpty()) {
			return DENIED + "invalid auth_key=" + authKey;
		}
		long timestamp = Long.parseLong(parts[0]);
		if (timestamp + options.validity().toSeconds() < clock.millis() / 1000) {
			return DENIED + "expired timestamp=" + parts[0];
		}
		String expected = PlayUrls.hash(path + "-" + parts[0] + "-" + parts[1] + "-" + parts[2] + "-" + options.key());
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				parts[3].getBytes(StandardCharsets.US_ASCII))) {
			return DENIED + "invalid md5hash=" + parts[3];
		}
		return null;
	}
}
