package dev.playgate.gateway.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The shared tier's metrics: L2 hits and misses ({@code playgate.l2.requests}), lease waits by outcome
 * ({@code playgate.lease.wait}), takeovers of leases whose holder vanished ({@code playgate.lease.takeovers}) and the
 * keys with waiters right now ({@code playgate.lease.waiting.keys}).
 */
final class SharedMeters {

	private final MeterRegistry registry;
	private final Counter hits;
	private final Counter misses;
	private final Counter takeovers;
	private final Map<String, Timer> waits = new ConcurrentHashMap<>();

	SharedMeters(MeterRegistry registry, Waiters waiters) {
		this.registry = registry;
		this.hits = Counter.builder("playgate.l2.requests").tag("result", "hit").register(registry);
		this.misses = Counter.builder("playgate.l2.requests").tag("result", "miss").register(registry);
		this.takeovers = Counter.builder("playgate.lease.takeovers")
			.description("leases taken over after their holder vanished without a fill")
			.register(registry);
		Gauge.builder("playgate.lease.waiting.keys", waiters, Waiters::keys).register(registry);
	}

	void hit() {
		hits.increment();
	}

	void miss() {
		misses.increment();
	}

	void takeover() {
		takeovers.increment();
	}

	/** Records one request's wait for another replica's fill, by how it ended. */
	void waited(Duration duration, String outcome) {
		waits.computeIfAbsent(outcome, o -> Timer.builder("playgate.lease.wait").tag("outcome", o).register(registry))
			.record(duration);
	}
}
