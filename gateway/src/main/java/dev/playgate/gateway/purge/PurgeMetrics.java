package dev.playgate.gateway.purge;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The purge meters: {@code playgate.purges} by source, {@code playgate.purge.resyncs} by reason (a replica dropped its
 * whole local state), {@code playgate.purge.lag} (from a purge's publication on one replica to its application on
 * another, by their wall clocks) and {@code playgate.purge.pending} (purges waiting for Redis to be published).
 */
final class PurgeMetrics {

	private final MeterRegistry registry;
	private final Map<PurgeSource, Counter> purges = new EnumMap<>(PurgeSource.class);
	private final Timer lag;

	PurgeMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (PurgeSource source : PurgeSource.values()) {
			purges.put(source, Counter.builder("playgate.purges")
				.description("Videos purged on this replica, by where the purge came from")
				.tag("source", source.tag())
				.register(registry));
		}
		this.lag = Timer.builder("playgate.purge.lag")
			.description("From a purge's publication on one replica to its application on this one")
			.publishPercentiles(0.5, 0.99)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	void purged(PurgeSource source) {
		purges.get(source).increment();
	}

	void resynced(String reason) {
		Counter.builder("playgate.purge.resyncs")
			.description("Times this replica dropped its whole local state: it could not tell which purges it missed")
			.tag("reason", reason)
			.register(registry)
			.increment();
	}

	void lag(Duration delay) {
		lag.record(delay.isNegative() ? Duration.ZERO : delay);
	}

	void monitorPending(Supplier<Number> pending) {
		Gauge.builder("playgate.purge.pending", pending)
			.description("Purges waiting for Redis to be published to the fleet")
			.register(registry);
	}
}
