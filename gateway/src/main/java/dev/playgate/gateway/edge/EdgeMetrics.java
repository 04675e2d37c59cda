package dev.playgate.gateway.edge;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The edge's meters: {@code playgate.requests} by endpoint and outcome (an {@code X-Cache} value or a problem code)
 * and {@code playgate.credential.remaining.validity}, the seconds a handed-out credential had left; for the
 * connections of the public port, {@code playgate.edge.connections} (open now) and
 * {@code playgate.edge.connections.closed} by {@link Closure}. Every meter is resolved at start-up, so recording costs
 * an increment.
 */
final class EdgeMetrics {

	/** Why the edge closed a connection without an answer. */
	enum Closure {
		/** The header section did not arrive within {@code header-timeout} of the request's first byte. */
		HEADER_TIMEOUT("header-timeout"),
		/** The body did not arrive within {@code body-timeout} of the headers. */
		BODY_TIMEOUT("body-timeout"),
		/** No request within {@code idle-timeout}. */
		IDLE_TIMEOUT("idle-timeout"),
		/** Accepted beyond {@code max-connections}. */
		CONNECTION_LIMIT("connection-limit"),
		/** The body's framing (chunks) could not be read. */
		MALFORMED_BODY("malformed-body");

		private final String tag;

		Closure(String tag) {
			this.tag = tag;
		}

		String tag() {
			return tag;
		}
	}

	private final MeterRegistry registry;
	private final Map<Closure, Counter> closed = new EnumMap<>(Closure.class);

	private final Map<Endpoint, Map<CacheStatus, Counter>> served = new EnumMap<>(Endpoint.class);
	private final Map<Endpoint, Map<ProblemCode, Counter>> refused = new EnumMap<>(Endpoint.class);
	private final Map<Action, DistributionSummary> remaining = new EnumMap<>(Action.class);

	EdgeMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (Closure closure : Closure.values()) {
			closed.put(closure, Counter.builder("playgate.edge.connections.closed")
				.description("Connections of the public port the edge closed without an answer, by reason")
				.tag("reason", closure.tag())
				.register(registry));
		}
		for (Endpoint endpoint : Endpoint.values()) {
			Map<CacheStatus, Counter> byStatus = new EnumMap<>(CacheStatus.class);
			for (CacheStatus status : CacheStatus.values()) {
				byStatus.put(status, requests(registry, endpoint, status.name()));
			}
			served.put(endpoint, byStatus);
			Map<ProblemCode, Counter> byCode = new EnumMap<>(ProblemCode.class);
			for (ProblemCode code : ProblemCode.values()) {
				byCode.put(code, requests(registry, endpoint, code.name()));
			}
			refused.put(endpoint, byCode);
		}
		for (Action action : Action.values()) {
			remaining.put(action, DistributionSummary.builder("playgate.credential.remaining.validity")
				.description("Seconds of validity a credential had left when it was handed out")
				.baseUnit("seconds")
				.tag("action", action.pathSegment())
				.register(registry));
		}
	}

	private static Counter requests(MeterRegistry registry, Endpoint endpoint, String outcome) {
		return Counter.builder("playgate.requests")
			.description("Requests by endpoint and outcome (X-Cache value or problem code)")
			.tag("endpoint", endpoint.tag())
			.tag("outcome", outcome.toLowerCase(Locale.ROOT))
			.register(registry);
	}

	void served(Endpoint endpoint, CacheStatus status, Action action, Duration left) {
		served.get(endpoint).get(status).increment();
		remaining.get(action).record(left.toSeconds());
	}

	void refused(Endpoint endpoint, ProblemCode code) {
		refused.get(endpoint).get(code).increment();
	}

	void closed(Closure reason) {
		closed.get(reason).increment();
	}

	void openConnections(IntSupplier open) {
		Gauge.builder("playgate.edge.connections", open::getAsInt)
			.description("Open connections of the public port")
			.register(registry);
	}
}
