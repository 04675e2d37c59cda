package dev.playgate.gateway.local;

import java.util.EnumMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.AsyncCache;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The local tier's meters: {@code playgate.coalesced.waiters} (requests that waited for a load another request
 * started), {@code playgate.refresh} (refresh-ahead outcomes), {@code playgate.refresh.in.flight} (refresh-aheads
 * running now), {@code playgate.negative.hits}, and Caffeine's own {@code cache.*} meters under the name
 * {@code playgate-l1}. Counters are resolved once, so the hot path only
 * increments.
 */
public final class LocalTierMetrics {

	private final MeterRegistry registry;
	private final Map<Action, Counter> coalesced = new EnumMap<>(Action.class);
	private final Map<Action, Counter> refreshFailed = new EnumMap<>(Action.class);
	private final Map<Action, Counter> negativeHits = new EnumMap<>(Action.class);
	private final Map<Action, Map<CacheStatus, Counter>> refreshed = new EnumMap<>(Action.class);

	/** Registers the meters in {@code registry}. */
	public LocalTierMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (Action action : Action.values()) {
			String tag = action.pathSegment();
			coalesced.put(action, Counter.builder("playgate.coalesced.waiters")
				.description("Requests that waited for a load started by another request in this process")
				.tag("action", tag)
				.register(registry));
			refreshFailed.put(action, refreshCounter(tag, "failed"));
			negativeHits.put(action, Counter.builder("playgate.negative.hits")
				.description("Requests answered from a remembered 'video unavailable' answer")
				.tag("action", tag)
				.register(registry));
			Map<CacheStatus, Counter> byStatus = new EnumMap<>(CacheStatus.class);
			for (CacheStatus status : CacheStatus.values()) {
				byStatus.put(status, refreshCounter(tag, "refreshed-" + status.name().toLowerCase(java.util.Locale.ROOT)));
			}
			refreshed.put(action, byStatus);
		}
	}

	private Counter refreshCounter(String action, String outcome) {
		return Counter.builder("playgate.refresh")
			.description("Refresh-ahead attempts of entries still being read, by outcome")
			.tag("action", action)
			.tag("outcome", outcome)
			.register(registry);
	}

	void coalesced(Action action) {
		coalesced.get(action).increment();
	}

	void refreshed(Action action, CacheStatus how) {
		refreshed.get(action).get(how).increment();
	}

	void refreshFailed(Action action) {
		refreshFailed.get(action).increment();
	}

	void negativeHit(Action action) {
		negativeHits.get(action).increment();
	}

	void monitor(AsyncCache<?, ?> cache) {
		CaffeineCacheMetrics.monitor(registry, cache, "playgate-l1");
	}

	void monitor(RefreshAhead refreshes) {
		Gauge.builder("playgate.refresh.in.flight", refreshes, RefreshAhead::inFlight)
			.description("Refresh-aheads running now (at most " + RefreshAhead.MAX_IN_FLIGHT + ")")
			.register(registry);
	}
}
