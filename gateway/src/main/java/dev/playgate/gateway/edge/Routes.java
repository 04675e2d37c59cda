package dev.playgate.gateway.edge;

import java.util.List;
import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import org.springframework.boot.reactor.netty.NettyRouteProvider;

/**
 * The public API's routes, registered with Reactor Netty ahead of the WebFlux dispatcher. Every request of the public
 * port is answered here, unknown paths included, so clients always get problem+json and nothing reaches Spring's
 * static-resource handling. {@code HEAD} is served wherever {@code GET} is.
 */
final class Routes {

	static final String PLAY_AUTH = "/v1/videos/{videoId}/play-auth";
	static final String PLAY_INFO = "/v1/videos/{videoId}/play-info";
	static final String BATCH = "/v1/play-auth/batch";
	static final String EVENTS = "/v1/vod/events";
	static final String PLAY_AUTH_SUFFIX = "/play-auth";
	static final String PLAY_INFO_SUFFIX = "/play-info";
	private static final String VIDEOS = "/v1/videos/";

	private Routes() {
	}

	/**
	 * The routes, to be registered as a bean. Paths are matched with plain string tests rather than Reactor Netty's
	 * path templates, whose regular expressions were the largest cost of a cache hit.
	 */
	static NettyRouteProvider of(CredentialEndpoints single, BatchEndpoint batch, EventsEndpoint events,
			@Nullable AccessLog log) {
		return routes -> routes
			.route(request -> isGet(request.method()) && isVideoRoute(request.uri(), PLAY_AUTH_SUFFIX),
					logged(log, single::playAuth))
			.route(request -> isGet(request.method()) && isVideoRoute(request.uri(), PLAY_INFO_SUFFIX),
					logged(log, single::playInfo))
			.route(request -> request.method() == HttpMethod.POST && pathOf(request.uri()).equals(BATCH),
					logged(log, batch::batch))
			.route(request -> request.method() == HttpMethod.POST && pathOf(request.uri()).equals(EVENTS),
					logged(log, events::receive))
			.route(request -> true, logged(log, single::unrouted));
	}

	private static boolean isGet(HttpMethod method) {
		return method == HttpMethod.GET || method == HttpMethod.HEAD;
	}

	private static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> logged(@Nullable AccessLog log,
			BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		return log == null ? handler : log.around(handler);
	}

	/**
	 * The video id segment of {@code /v1/videos/{videoId}/<suffix>} (not yet validated), or {@code null} when the
	 * URI is not such a path.
	 */
	static @Nullable String videoIdOf(String uri, String suffix) {
		int slash = suffixStart(uri, suffix);
		return slash < 0 ? null : uri.substring(VIDEOS.length(), slash);
	}

	/** Whether the URI is {@code /v1/videos/{videoId}/<suffix>}; allocates nothing (it runs for every request). */
	static boolean isVideoRoute(String uri, String suffix) {
		return suffixStart(uri, suffix) >= 0;
	}

	private static int suffixStart(String uri, String suffix) {
		if (!uri.startsWith(VIDEOS)) {
			return -1;
		}
		int end = uri.indexOf('?');
		end = end < 0 ? uri.length() : end;
		int slash = uri.indexOf('/', VIDEOS.length());
		boolean matches = slash >= 0 && slash + suffix.length() == end && uri.startsWith(suffix, slash);
		return matches ? slash : -1;
	}

	/** The path of a request URI, without its query. */
	static String pathOf(String uri) {
		int query = uri.indexOf('?');
		return query < 0 ? uri : uri.substring(0, query);
	}

	/** Every public route as {@code METHOD template}, for checking the OpenAPI description against them. */
	static List<String> catalogue() {
		return List.of("GET " + PLAY_AUTH, "GET " + PLAY_INFO, "POST " + BATCH, "POST " + EVENTS);
	}

	/** The methods a known path allows, or {@code null} when no route has that path. */
	static @Nullable String allowedMethods(String path) {
		if (path.equals(BATCH) || path.equals(EVENTS)) {
			return "POST";
		}
		boolean videoRoute = isVideoRoute(path, PLAY_AUTH_SUFFIX) || isVideoRoute(path, PLAY_INFO_SUFFIX);
		return videoRoute ? "GET, HEAD" : null;
	}
}
