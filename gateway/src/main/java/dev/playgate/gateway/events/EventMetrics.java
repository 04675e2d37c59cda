package dev.playgate.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code playgate.events}: callbacks by {@code type} (a documented VOD event type, {@code other}, or
 * {@code unverified} when the callback was refused before its body was read) and {@code outcome}
 * ({@code accepted}: the video was purged; {@code ignored}: authentic but nothing to do, a replay included;
 * {@code refused}: 403 or 400), with the refusal's {@code reason}.
 */
final class EventMetrics {

	private final MeterRegistry registry;

	EventMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void count(String type, String outcome, String reason) {
		Counter.builder("playgate.events")
			.description("VOD event notifications received, by type and outcome")
			.tag("type", type)
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(registry)
			.increment();
	}
}
