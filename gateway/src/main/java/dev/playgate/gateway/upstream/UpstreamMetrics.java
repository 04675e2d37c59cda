package dev.playgate.gateway.upstream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.playgate.gateway.credential.Action;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of SDK calls: {@code playgate.upstream.calls} (counter, tags {@code action}, {@code outcome}) and
 * {@code playgate.upstream.latency} (timer, same tags), registered once up front; and
 * {@code playgate.upstream.pacing} (timer, tag {@code action}): how long calls waited in the send window.
 */
final class UpstreamMetrics {

	private final Map<Action, Map<CallOutcome, Counter>> calls = new EnumMap<>(Action.class);
	private final Map<Action, Map<CallOutcome, Timer>> latencies = new EnumMap<>(Action.class);
	private final Map<Action, Timer> pacing = new EnumMap<>(Action.class);

	UpstreamMetrics(MeterRegistry registry) {
		for (Action action : Action.values()) {
			Map<CallOutcome, Counter> counters = new EnumMap<>(CallOutcome.class);
			Map<CallOutcome, Timer> timers = new EnumMap<>(CallOutcome.class);
			for (CallOutcome outcome : CallOutcome.values()) {
				counters.put(outcome, Counter.builder("playgate.upstream.calls")
					.description("SDK calls to VOD by outcome")
					.tag("action", action.pathSegment())
					.tag("outcome", outcome.tag())
					.register(registry));
				timers.put(outcome, Timer.builder("playgate.upstream.latency")
					.description("Duration of SDK calls to VOD")
					.tag("action", action.pathSegment())
					.tag("outcome", outcome.tag())
					.register(registry));
			}
			calls.put(action, counters);
			latencies.put(action, timers);
			pacing.put(action, Timer.builder("playgate.upstream.pacing")
				.description("How long calls waited in the send window before leaving for VOD")
				.tag("action", action.pathSegment())
				.register(registry));
		}
	}

	/** Counts one finished call and its duration. */
	void record(Action action, CallOutcome outcome, long nanos) {
		calls.get(action).get(outcome).increment();
		latencies.get(action).get(outcome).record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Times one wait in the send window. */
	void recordPacing(Action action, long nanos) {
		pacing.get(action).record(nanos, TimeUnit.NANOSECONDS);
	}
}
