package dev.playgate.gateway.edge;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.reactor.netty.NettyRouteProvider;

/**
 * The public API's routes, registered with Reactor Netty ahead of the WebFlux dispatcher. Everything under
 * {@code /v1/} is answered here, unknown paths included, so clients always get problem+json.
 */
final class Routes {

	static final String PLAY_AUTH = "/v1/videos/{videoId}/play-auth";
	static final String PLAY_INFO = "/v1/videos/{videoId}/play-info";
	static final String BATCH = "/v1/play-auth/batch";
	private static final String PREFIX = "/v1/";

	private Routes() {
	}

	/** The routes, to be registered as a bean. */
	static NettyRouteProvider of(CredentialEndpoints single, BatchEndpoint batch) {
		return routes -> routes.get(PLAY_AUTH, single::playAuth)
			.get(PLAY_INFO, single::playInfo)
			.post(BATCH, batch::batch)
			.route(request -> request.uri().startsWith(PREFIX), single::unrouted);
	}

	/** Every public route as {@code METHOD template}, for checking the OpenAPI description against them. */
	static List<String> catalogue() {
		return List.of("GET " + PLAY_AUTH, "GET " + PLAY_INFO, "POST " + BATCH);
	}

	/** The methods a known path allows, or {@code null} when no route has that path. */
	static @Nullable String allowedMethods(String path) {
		if (path.equals(BATCH)) {
			return "POST";
		}
		boolean videoRoute = path.startsWith("/v1/videos/")
				&& (path.endsWith("/play-auth") || path.endsWith("/play-info"));
		return videoRoute ? "GET" : null;
	}
}
