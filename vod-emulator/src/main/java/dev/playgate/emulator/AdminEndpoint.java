package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The admin API under {@code /__admin}: statistics, reset, faults and health. Admin calls are never counted.
 *
 * <ul>
 * <li>{@code GET /__admin/stats[?top=N]}: {@link Stats#toJson(int)} (top 20 videos by default);</li>
 * <li>{@code POST /__admin/reset}: clears the statistics and the remembered nonces;</li>
 * <li>{@code GET /__admin/faults}: the current faults and quotas;</li>
 * <li>{@code POST|PUT /__admin/faults}: changes faults from a flat JSON body and/or query parameters
 * ({@code clear}, {@code latencyMs}, {@code jitterMs}, {@code errorRate}, {@code errorCode}, {@code errorStatus},
 * {@code outage}, {@code hang}, {@code qps}, {@code qps.<Action>}) and answers the new faults;</li>
 * <li>{@code GET /__admin/health}: {@code {"status":"UP"}};</li>
 * <li>{@code /__admin/videos/{id}} and {@code /__admin/callback}: see {@link VideoAdmin}.</li>
 * </ul>
 */
final class AdminEndpoint {

	static final String PREFIX = "/__admin";

	private final VodEmulator emulator;

	AdminEndpoint(VodEmulator emulator) {
		this.emulator = emulator;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
				.flatMap(body -> respond(request, body, response));
	}

	private Mono<Void> respond(HttpServerRequest request, String body, HttpServerResponse response) {
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		HttpMethod method = request.method();
		try {
			if (VideoAdmin.handles(uri.path())) {
				return emulator.videoAdmin().respond(method, uri, body)
					.flatMap(answer -> send(response, answer.getKey(), answer.getValue()));
			}
			return switch (uri.path()) {
				case PREFIX + "/stats" -> method == HttpMethod.GET ? stats(response, intParameter(uri, "top", 20))
						: notAllowed(response);
				case PREFIX + "/reset" -> method == HttpMethod.POST ? reset(response) : notAllowed(response);
				case PREFIX + "/faults" -> faults(method, uri, body, response);
				case PREFIX + "/health" -> send(response, 200, "{\"status\":\"UP\"}");
				default -> send(response, 404, error("no such admin resource: " + uri.path()));
			};
		}
		catch (IllegalArgumentException ex) {
			return send(response, 400, error(ex.getMessage()));
		}
	}

	/** Snapshots off the event loop: copying and ranking 100,000 video counters must not delay API answers. */
	private Mono<Void> stats(HttpServerResponse response, int top) {
		return Mono.fromCallable(() -> emulator.stats().toJson(top))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap(json -> send(response, 200, json));
	}

	private Mono<Void> reset(HttpServerResponse response) {
		emulator.reset();
		return send(response, 200, "{\"reset\":true}");
	}

	private Mono<Void> faults(HttpMethod method, QueryStringDecoder uri, String body, HttpServerResponse response) {
		if (method == HttpMethod.GET) {
			return send(response, 200, emulator.faults().toJson());
		}
		if (method != HttpMethod.POST && method != HttpMethod.PUT) {
			return notAllowed(response);
		}
		Map<String, String> changes = new HashMap<>(body.isBlank() ? Map.of() : FlatJson.parse(body));
		uri.parameters().forEach((name, values) -> changes.put(name, values.get(values.size() - 1)));
		apply(emulator.faults(), changes);
		return send(response, 200, emulator.faults().toJson());
	}

	/** Applies fault changes; every value is validated before any is applied so a bad request changes nothing. */
	static void apply(Faults faults, Map<String, String> changes) {
		List<Runnable> steps = new java.util.ArrayList<>();
		if (bool(changes, "clear", false)) {
			steps.add(faults::clear);
		}
		if (changes.containsKey("latencyMs") || changes.containsKey("jitterMs")) {
			Duration latency = Duration.ofMillis(longValue(changes, "latencyMs", faults.latency().toMillis()));
			Duration jitter = Duration.ofMillis(longValue(changes, "jitterMs", faults.jitter().toMillis()));
			steps.add(() -> faults.latency(latency, jitter));
		}
		if (changes.containsKey("errorRate") || changes.containsKey("errorCode")
				|| changes.containsKey("errorStatus")) {
			double rate = doubleValue(changes, "errorRate", faults.errorRate());
			String code = changes.getOrDefault("errorCode", faults.errorCode());
			int status = (int) longValue(changes, "errorStatus", ApiError.statusOf(code, faults.throttleStatus()));
			faults.validateError(rate, code, status);
			steps.add(() -> faults.errorRate(rate, code, status));
		}
		if (changes.containsKey("outage")) {
			boolean outage = bool(changes, "outage", false);
			steps.add(() -> faults.outage(outage));
		}
		if (changes.containsKey("hang")) {
			boolean hang = bool(changes, "hang", false);
			steps.add(() -> faults.hang(hang));
		}
		quotaSteps(faults, changes, steps);
		unknownKeys(changes);
		steps.forEach(Runnable::run);
	}

	private static void quotaSteps(Faults faults, Map<String, String> changes, List<Runnable> steps) {
		if (changes.containsKey("qps")) {
			int all = (int) longValue(changes, "qps", 0);
			faults.validateQps(null, all);
			steps.add(() -> faults.qps(all));
		}
		changes.forEach((name, value) -> {
			if (name.startsWith("qps.")) {
				String action = name.substring(4);
				int limit = (int) longValue(changes, name, 0);
				faults.validateQps(action, limit);
				steps.add(() -> faults.qps(action, limit));
			}
		});
	}

	private static void unknownKeys(Map<String, String> changes) {
		List<String> known = List.of("clear", "latencyMs", "jitterMs", "errorRate", "errorCode", "errorStatus",
				"outage", "hang", "qps");
		for (String name : changes.keySet()) {
			if (!known.contains(name) && !name.startsWith("qps.")) {
				throw new IllegalArgumentException("unknown fault: " + name + " (known: " + known + ", qps.<Action>)");
			}
		}
	}

	private static boolean bool(Map<String, String> values, String name, boolean defaultValue) {
		String value = values.get(name);
		if (value == null) {
			return defaultValue;
		}
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw new IllegalArgumentException(name + " must be true or false: " + value);
		}
		return Boolean.parseBoolean(value);
	}

	private static long longValue(Map<String, String> values, String name, long defaultValue) {
		String value = values.get(name);
		try {
			return value == null ? defaultValue : Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be an integer: " + value, ex);
		}
	}

	private static double doubleValue(Map<String, String> values, String name, double defaultValue) {
		String value = values.get(name);
		try {
			return value == null ? defaultValue : Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number: " + value, ex);
		}
	}

	private static int intParameter(QueryStringDecoder uri, String name, int defaultValue) {
		List<String> values = uri.parameters().get(name);
		long value = values == null ? defaultValue : longValue(Map.of(name, values.get(0)), name, defaultValue);
		if (value < 0 || value > 100_000) {
			throw new IllegalArgumentException(name + " must be 0-100000: " + value);
		}
		return (int) value;
	}

	private static String error(String message) {
		return new JsonWriter(128).beginObject().field("error", message).endObject().toString();
	}

	private static Mono<Void> notAllowed(HttpServerResponse response) {
		return send(response, 405, error("method not allowed"));
	}

	private static Mono<Void> send(HttpServerResponse response, int status, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		return response.status(status)
				.header(HttpHeaderNames.CONTENT_TYPE, OpenApiEndpoint.CONTENT_TYPE)
				.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
				.sendObject(Unpooled.wrappedBuffer(body))
				.then();
	}
}
