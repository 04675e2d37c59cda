package dev.playgate.emulator;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An emulated CDN edge under {@code /__cdn}: {@code GET /__cdn/<signed path>[?query]} checks the URL signature of
 * {@code /<signed path>} exactly as the CDN checks the configured type ({@code --cdn-auth-type}, see
 * {@link UrlSigning}) and answers 200, or 403 with the reason in {@code X-Tengine-Error} (e.g.
 * {@code denied by req auth: expired timestamp=...}). A test replaces the scheme and host of a play URL by
 * {@code http://host:port/__cdn} to learn whether a player could fetch it. Edge requests are not VOD calls: they are
 * never counted in the statistics.
 */
final class CdnEdge {

	static final String PREFIX = "/__cdn";

	private final UrlSigning signing;
	private final Clock clock;

	CdnEdge(CdnOptions options, Clock clock) {
		this.signing = UrlSigning.of(options);
		this.clock = clock;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		String path = uri.rawPath().substring(PREFIX.length());
		String refusal = refusal(path, uri.parameters());
		if (refusal != null) {
			return response.status(403).header("X-Tengine-Error", refusal).sendString(Mono
				.just("403 Forbidden\n"));
		}
		return response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
				.sendString(Mono.just("emulated media " + path + "\n"));
	}

	/** Why the CDN refuses the URL with this path (raw) and query (decoded), or {@code null} when it serves it. */
	@Nullable
	String refusal(String path, Map<String, List<String>> query) {
		return path.isEmpty() ? "no such object" : signing.refusal(path, query, clock.millis() / 1000);
	}
}
