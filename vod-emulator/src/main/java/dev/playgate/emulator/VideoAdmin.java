package dev.playgate.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.CallbackSender.Delivery;
import dev.playgate.emulator.CallbackSender.Target;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;

/**
 * The admin API's video and callback resources, from a flat JSON body and/or query parameters:
 * <ul>
 * <li>{@code GET /__admin/videos/{id}}: the video's current state;</li>
 * <li>{@code POST /__admin/videos/{id}} with one of {@code status=Normal|Blocked|...}, {@code deleted=true},
 * {@code streams=added}, {@code title=...}: changes the video and sends VOD's event for it; answers once the callback
 * is delivered or dropped, with {@code callbackStatus} (-1: callbacks off, 0: no answer) and {@code attempts};</li>
 * <li>{@code GET|POST /__admin/callback} ({@code url}, {@code key}; {@code off=true}): where events go.</li>
 * </ul>
 */
final class VideoAdmin {

	static final String VIDEOS = AdminEndpoint.PREFIX + "/videos/";
	static final String CALLBACK = AdminEndpoint.PREFIX + "/callback";

	private final VideoLifecycle lifecycle;
	private final CallbackSender sender;

	VideoAdmin(VideoLifecycle lifecycle, CallbackSender sender) {
		this.lifecycle = lifecycle;
		this.sender = sender;
	}

	static boolean handles(String path) {
		return path.startsWith(VIDEOS) || path.equals(CALLBACK);
	}

	/** The answer's status and JSON body. */
	Mono<Map.Entry<Integer, String>> respond(HttpMethod method, QueryStringDecoder uri, String body) {
		Map<String, String> values = new HashMap<>(body.isBlank() ? Map.of() : FlatJson.parse(body));
		uri.parameters().forEach((name, list) -> values.put(name, list.get(list.size() - 1)));
		if (uri.path().equals(CALLBACK)) {
			return Mono.just(callback(method, values));
		}
		String id = uri.path().substring(VIDEOS.length());
		if (method == HttpMethod.GET) {
			return Mono.just(Map.entry(200, lifecycle.describe(id)));
		}
		if (method != HttpMethod.POST && method != HttpMethod.PUT) {
			return Mono.just(Map.entry(405, "{\"error\":\"method not allowed\"}"));
		}
		return change(id, values).map(delivery -> Map.entry(200, new JsonWriter(128).beginObject()
			.field("videoId", id)
			.field("callbackStatus", delivery.status())
			.field("attempts", delivery.attempts())
			.endObject()
			.toString()));
	}

	private Mono<Delivery> change(String id, Map<String, String> values) {
		List<String> known = List.of("status", "deleted", "streams", "title");
		if (values.size() != 1 || !known.contains(values.keySet().iterator().next())) {
			throw new IllegalArgumentException("give exactly one of " + known);
		}
		if (values.containsKey("status")) {
			return lifecycle.reviewed(id, values.get("status"));
		}
		if (values.containsKey("deleted")) {
			require("true".equals(values.get("deleted")), "deleted must be true");
			return lifecycle.deleted(id);
		}
		if (values.containsKey("streams")) {
			require("added".equals(values.get("streams")), "streams must be added");
			return lifecycle.transcoded(id);
		}
		return lifecycle.retitled(id, values.get("title"));
	}

	private Map.Entry<Integer, String> callback(HttpMethod method, Map<String, String> values) {
		if (method == HttpMethod.POST || method == HttpMethod.PUT) {
			if ("true".equals(values.get("off"))) {
				sender.target(null);
			}
			else {
				require(values.containsKey("url") && values.containsKey("key"), "url and key are required");
				sender.target(new Target(values.get("url"), values.get("key")));
			}
		}
		else if (method != HttpMethod.GET) {
			return Map.entry(405, "{\"error\":\"method not allowed\"}");
		}
		Target target = sender.target();
		JsonWriter out = new JsonWriter(128).beginObject().field("on", target != null);
		if (target != null) {
			out.field("url", target.url());
		}
		return Map.entry(200, out.endObject().toString());
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}
}
