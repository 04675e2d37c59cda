package dev.playgate.gateway.budget;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.redis.RedisLink;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The upstream budget shared by every replica through Redis: {@code permits-per-second} per action for the whole
 * cluster, not per process.
 *
 * <p>
 * Each replica takes permits from a GCRA bucket in Redis in small batches and must use them within
 * {@code token-validity}, so in any sliding second the fleet makes at most {@code B * (1 + v + r) + batch} calls,
 * where B is the budget, v the token validity and r Redis's reply latency (B + 3.7% with the defaults and B = 300).
 * Each call also takes a permit from {@code processCap}, this process's own resilience4j limiter, so no bug or stale
 * Redis state can make one process exceed the whole budget on its own. Players come first: refreshes only get permits
 * that would otherwise go unused, and never wait. {@link #onThrottled} shrinks the rate for the whole cluster (the
 * factor lives in Redis) and it recovers additively. When Redis fails, calls take permits from
 * {@code failOpenShare} instead, a local budget of {@code B / expected-replicas}, until Redis answers again.
 * {@link #expect} lets a player's miss start its permit's fetch while it claims the key's lease; the waste this may
 * cost the cluster is bounded in {@link TokenPool}.
 */
public final class ClusterUpstreamBudget implements UpstreamBudget {

	private final ClusterBucket bucket;
	private final UpstreamBudget processCap;
	private final UpstreamBudget failOpenShare;
	private final Map<Action, TokenPool> pools = new EnumMap<>(Action.class);
	private final MeterRegistry registry;
	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private ClusterUpstreamBudget(RedisLink link, ClusterBudgetProperties properties, BudgetPolicy policy,
			UpstreamBudget processCap, UpstreamBudget failOpenShare, Clock clock, Ticker ticker, Scheduler scheduler,
			MeterRegistry registry) {
		this.bucket = new ClusterBucket(link, properties, policy, clock);
		this.processCap = processCap;
		this.failOpenShare = failOpenShare;
		this.registry = registry;
		for (Action action : Action.values()) {
			TokenPool pool = new TokenPool(action, bucket::take, ticker, scheduler, policy, properties, registry);
			pools.put(action, pool);
			Gauge.builder("playgate.budget.cluster.rate", pool, TokenPool::rate)
				.tag("action", action.pathSegment())
				.description("upstream calls per second the whole cluster may make now, after throttling")
				.register(registry);
		}
	}

	/**
	 * The cluster budget over {@code link}: {@code policy}'s permits per second per action for the whole cluster, and
	 * its wait bound and refresh reserve; capped per process by {@code processCap} and replaced by
	 * {@code failOpenShare} while Redis is unavailable.
	 */
	static ClusterUpstreamBudget of(RedisLink link, ClusterBudgetProperties properties, BudgetPolicy policy,
			UpstreamBudget processCap, UpstreamBudget failOpenShare, Clock clock, Ticker ticker, Scheduler scheduler,
			MeterRegistry registry) {
		return new ClusterUpstreamBudget(link, properties, policy, processCap, failOpenShare, clock, ticker,
				scheduler, registry);
	}

	@Override
	public Mono<Void> acquire(Action action, Priority priority) {
		TokenPool pool = pools.get(action);
		Mono<Void> cluster = priority == Priority.USER ? pool.acquirePlayer() : pool.acquireRefresh();
		return cluster.onErrorResume(RedisException.class, unavailable -> {
			count(action, priority, "fail-open");
			return failOpenShare.acquire(action, priority);
		})
			.then(Mono.defer(() -> processCap.acquire(action, priority)))
			.doOnSuccess(granted -> count(action, priority, "granted"))
			.doOnError(UpstreamBusyException.class, refused -> count(action, priority, "refused"));
	}

	/** Starts fetching one permit of {@code action} ahead of a miss, if its pool may (see {@link TokenPool}). */
	@Override
	public void expect(Action action) {
		pools.get(action).expect();
	}

	@Override
	public void onThrottled(Action action) {
		// the cluster decides the rate; the process cap stays a fixed safety net, the share learns for outages
		failOpenShare.onThrottled(action);
		// the interface reports throttling without waiting for anything; the shrink runs on its own, and a Redis
		// failure is already counted and logged by the link
		bucket.shrink(action).subscribe(pools.get(action)::factor, unavailable -> {
		});
	}

	private void count(Action action, Priority priority, String outcome) {
		String name = action.pathSegment() + '/' + priority + '/' + outcome;
		counters.computeIfAbsent(name, n -> permits(registry, action, priority, outcome)).increment();
	}

	/**
	 * The count of {@code action}'s {@code priority} permits with {@code outcome}: granted, refused, from the local
	 * share (fail-open), fetched ahead of a miss (ahead) or fetched ahead and dropped unused (expired-unused).
	 */
	static Counter permits(MeterRegistry registry, Action action, Priority priority, String outcome) {
		return Counter.builder("playgate.budget.cluster.permits")
			.tag("action", action.pathSegment())
			.tag("priority", priority.name().toLowerCase(Locale.ROOT))
			.tag("outcome", outcome)
			.description("upstream call permits by outcome: granted, refused, from the local share (fail-open), "
					+ "fetched ahead of a miss (ahead), fetched ahead and dropped unused (expired-unused)")
			.register(registry);
	}

	@Override
	public String toString() {
		return "ClusterUpstreamBudget[rates=" + pools.values().stream().map(TokenPool::rate).toList() + "]";
	}
}
