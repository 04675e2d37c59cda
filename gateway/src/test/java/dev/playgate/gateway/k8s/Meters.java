package dev.playgate.gateway.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The meters the gateway registers, by Micrometer name and type, and the series names Prometheus gets from them
 * (dots become underscores; counters gain {@code _total}; timers and summaries in seconds gain {@code _seconds} and
 * expose {@code _count}, {@code _sum}, {@code _max}, and {@code _bucket} when the configuration asks for buckets).
 * The catalogue is checked against the source in both directions by {@link KubernetesManifestsTest}.
 */
final class Meters {

	/** How a meter is exposed. */
	enum Type {
		COUNTER, TIMER, SUMMARY_IN_SECONDS, GAUGE
	}

	/** Every {@code playgate.*} meter of gateway/src/main/java. */
	static final Map<String, Type> CATALOGUE = catalogue();

	/** The resilience4j series the dashboard and the rules may use (published by resilience4j-micrometer). */
	static final Set<String> RESILIENCE4J = Set.of("resilience4j_circuitbreaker_state",
			"resilience4j_circuitbreaker_failure_rate", "resilience4j_circuitbreaker_slow_call_rate",
			"resilience4j_circuitbreaker_not_permitted_calls_total", "resilience4j_circuitbreaker_buffered_calls",
			"resilience4j_ratelimiter_available_permissions", "resilience4j_ratelimiter_waiting_threads",
			"resilience4j_bulkhead_available_concurrent_calls", "resilience4j_bulkhead_max_allowed_concurrent_calls",
			"resilience4j_retry_calls_total");

	/** A meter builder call and its name argument: a literal or a constant. */
	private static final Pattern BUILDER = Pattern.compile(
			"\\b(Counter|Timer|DistributionSummary|Gauge)\\.builder\\(\\s*(?:\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_]*))");

	private Meters() {
	}

	private static Map<String, Type> catalogue() {
		Map<String, Type> meters = new LinkedHashMap<>();
		meters.put("playgate.requests", Type.COUNTER);
		meters.put("playgate.credential.remaining.validity", Type.SUMMARY_IN_SECONDS);
		meters.put("playgate.coalesced.waiters", Type.COUNTER);
		meters.put("playgate.refresh", Type.COUNTER);
		meters.put("playgate.refresh.in.flight", Type.GAUGE);
		meters.put("playgate.negative.hits", Type.COUNTER);
		meters.put("playgate.upstream.calls", Type.COUNTER);
		meters.put("playgate.upstream.latency", Type.TIMER);
		meters.put("playgate.upstream.pacing", Type.TIMER);
		meters.put("playgate.budget.permits", Type.GAUGE);
		meters.put("playgate.budget.waits", Type.TIMER);
		meters.put("playgate.budget.rejections", Type.COUNTER);
		meters.put("playgate.budget.throttles", Type.COUNTER);
		meters.put("playgate.budget.cluster.permits", Type.COUNTER);
		meters.put("playgate.budget.cluster.rate", Type.GAUGE);
		meters.put("playgate.l2.requests", Type.COUNTER);
		meters.put("playgate.lease.wait", Type.TIMER);
		meters.put("playgate.lease.takeovers", Type.COUNTER);
		meters.put("playgate.lease.waiting.keys", Type.GAUGE);
		meters.put("playgate.redis.up", Type.GAUGE);
		meters.put("playgate.redis.fail.open", Type.COUNTER);
		meters.put("playgate.redis.round.trips", Type.COUNTER);
		meters.put("playgate.security.rejections", Type.COUNTER);
		meters.put("playgate.url.signing.checks", Type.COUNTER);
		meters.put("playgate.url.signing.key.verified", Type.GAUGE);
		meters.put("playgate.events", Type.COUNTER);
		meters.put("playgate.purges", Type.COUNTER);
		meters.put("playgate.purge.lag", Type.TIMER);
		meters.put("playgate.purge.resyncs", Type.COUNTER);
		meters.put("playgate.purge.pending", Type.GAUGE);
		meters.put("playgate.edge.connections", Type.GAUGE);
		meters.put("playgate.edge.connections.closed", Type.COUNTER);
		return Map.copyOf(meters);
	}

	/** The Prometheus series names of one meter. */
	static Set<String> series(String meter, Type type) {
		String base = meter.replace('.', '_');
		return switch (type) {
			case COUNTER -> Set.of(base + "_total");
			case GAUGE -> Set.of(base);
			case TIMER, SUMMARY_IN_SECONDS -> Set.of(base + "_seconds_count", base + "_seconds_sum",
					base + "_seconds_max", base + "_seconds_bucket");
		};
	}

	/** Every series name the gateway can expose: its own meters' and resilience4j's. */
	static Set<String> allSeries() {
		Set<String> names = new TreeSet<>(RESILIENCE4J);
		CATALOGUE.forEach((meter, type) -> names.addAll(series(meter, type)));
		return names;
	}

	/** The Micrometer meter a {@code _bucket} series belongs to, e.g. {@code playgate.upstream.latency}. */
	static String meterOfBucket(String series) {
		return series.replaceAll("(_seconds)?_bucket$", "").replace('_', '.');
	}

	/** The {@code playgate.*} meters built in the source with a literal or constant name, by builder type. */
	static Map<String, Type> builtInSource(Path sourceRoot) {
		Map<String, Type> found = new LinkedHashMap<>();
		for (String source : sources(sourceRoot)) {
			Matcher builder = BUILDER.matcher(source);
			while (builder.find()) {
				String name = builder.group(2) != null ? builder.group(2) : constant(source, builder.group(3));
				if (name != null && name.startsWith("playgate.")) {
					found.put(name, typeOf(builder.group(1)));
				}
			}
		}
		return found;
	}

	/** Whether {@code "name"} appears as a string literal anywhere in the source. */
	static boolean isLiteralInSource(Path sourceRoot, String name) {
		return sources(sourceRoot).stream().anyMatch(source -> source.contains("\"" + name + "\""));
	}

	private static Type typeOf(String builder) {
		return switch (builder) {
			case "Counter" -> Type.COUNTER;
			case "Timer" -> Type.TIMER;
			case "DistributionSummary" -> Type.SUMMARY_IN_SECONDS;
			default -> Type.GAUGE;
		};
	}

	private static String constant(String source, String identifier) {
		Matcher declaration = Pattern.compile("\\bString\\s+" + identifier + "\\s*=\\s*\"([^\"]+)\"").matcher(source);
		return declaration.find() ? declaration.group(1) : null;
	}

	private static List<String> sources(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(file -> file.toString().endsWith(".java")).map(Meters::read).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
