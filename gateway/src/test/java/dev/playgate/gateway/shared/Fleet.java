package dev.playgate.gateway.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.budget.ClusterBudgetProperties;
import dev.playgate.gateway.budget.RecordingBudget;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CountingSource;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.redis.RedisScript;
import dev.playgate.gateway.time.SystemTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Several replicas of the shared tier in one JVM, each with its own Lettuce client, metrics and counting inner stage,
 * as separate gateway processes would have.
 */
final class Fleet implements AutoCloseable {

	static final Duration LIFETIME = Duration.ofSeconds(3000);

	private static final RedisScript LEASE_HELD = RedisScript.of("return redis.call('EXISTS', KEYS[1])");

	final List<Replica> replicas = new ArrayList<>();

	/** Real time: the claims here are about real Redis round trips and pub/sub between separate clients. */
	private final Clock clock = SystemTime.clock();

	private final Scheduler scheduler = SystemTime.newScheduler();

	private final RedisProperties properties;

	private final SharedKeys keys;

	/** The tests' own look into Redis, apart from the replicas' links; opened when first needed. */
	private @Nullable RedisLink probe;

	/**
	 * One replica: its link to Redis, its shared tier over its own inner stage, its metrics, and the upstream budget
	 * its shared tier tells of misses (in a budgeted fleet also the one its inner stage takes a permit from).
	 */
	record Replica(RedisLink link, SimpleMeterRegistry meters, CountingSource inner, SharedTier tier,
			CredentialSource stage, UpstreamBudget budget) {

		Mono<Served> fetch(CredentialRequest request) {
			return stage.fetch(request);
		}

		/**
		 * Waits until this replica has seen {@code count} L2 misses in all: a request counted here has claimed, so
		 * when another replica holds the key's lease, it now waits for that holder's message.
		 */
		void awaitL2Misses(double count) {
			Awaitility.await("L2 misses on a replica")
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> l2Misses() >= count);
		}

		double l2Misses() {
			return counter("playgate.l2.requests", "result", "miss");
		}

		double counter(String name, String tag, String value) {
			var counter = meters.find(name).tag(tag, value).counter();
			return counter == null ? 0 : counter.count();
		}
	}

	private Fleet(int size, RedisProperties properties, Duration upstreamDelay, @Nullable BudgetPolicy budgeted,
			ClusterBudgetProperties cluster) {
		this.properties = properties;
		this.keys = new SharedKeys(properties.keyPrefix());
		for (int i = 0; i < size; i++) {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			RedisLink link = RedisLink.open(properties, SystemTime.ticker(), meters);
			CountingSource inner = new CountingSource(answersAfter(upstreamDelay));
			UpstreamBudget budget = budgeted == null ? new RecordingBudget()
					: AccountQuota.cluster(link, cluster, budgeted, clock,
							SystemTime.ticker(), scheduler, meters).budget();
			CredentialSource upstream = budgeted == null ? inner
					: request -> budget.acquire(request.key().action(), request.priority()).then(inner.fetch(request));
			SharedTier tier = SharedTier.of(link, clock, SystemTime.ticker(), scheduler, budget, meters);
			replicas.add(new Replica(link, meters, inner, tier, tier.over(upstream), budget));
		}
	}

	static Fleet of(int size, RedisProperties properties, Duration upstreamDelay) {
		return new Fleet(size, properties, upstreamDelay, null, ClusterBudgetProperties.defaults());
	}

	/**
	 * A fleet whose replicas' inner stages each take a permit from their own cluster budget of {@code policy} in
	 * Redis ({@code playgate.redis.budget} settings {@code cluster}) first, as the guarded upstream does.
	 */
	static Fleet budgeted(int size, RedisProperties properties, Duration upstreamDelay, BudgetPolicy policy,
			ClusterBudgetProperties cluster) {
		return new Fleet(size, properties, upstreamDelay, policy, cluster);
	}

	/** Answers every call after {@code delay} with a fresh credential valid for {@link #LIFETIME}. */
	Function<CredentialRequest, Mono<Served>> answersAfter(Duration delay) {
		return request -> Mono.delay(delay, scheduler).map(tick -> fresh(request));
	}

	/** Answers every call once {@code gate} completes: the lease is held exactly as long as the test needs. */
	Function<CredentialRequest, Mono<Served>> answersWhen(Mono<Void> gate) {
		return request -> gate.then(Mono.fromSupplier(() -> fresh(request)));
	}

	private Served fresh(CredentialRequest request) {
		return CountingSource.issue(request, clock.instant(), LIFETIME);
	}

	/** The fleet's real-time scheduler for delays. */
	Scheduler scheduler() {
		return scheduler;
	}

	Replica replica(int index) {
		return replicas.get(index);
	}

	int upstreamCalls() {
		return replicas.stream().mapToInt(r -> r.inner().calls()).sum();
	}

	double sum(String name, String tag, String value) {
		return replicas.stream().mapToDouble(r -> r.counter(name, tag, value)).sum();
	}

	/**
	 * Waits until no replica holds {@code key}'s lease. A holder answers before its fill lands, and the fill stores the
	 * entry, publishes it and releases the lease in one script: from then on a claim finds the entry (HIT) rather than
	 * the lease (a wait for the fill's message, COALESCED), unless a purge came between the claim and the fill.
	 */
	void awaitFillLanded(CredentialKey key) {
		String[] lease = { keys.lease(key) };
		Awaitility.await("the fill of " + key.canonical())
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(5))
			.ignoreExceptions()
			.until(() -> probe().evalInteger("lease-probe", LEASE_HELD, lease).block(Duration.ofSeconds(5)) == 0);
	}

	private RedisLink probe() {
		if (probe == null) {
			probe = RedisLink.open(properties, SystemTime.ticker(), new SimpleMeterRegistry());
		}
		return probe;
	}

	/** A key no other test uses. */
	static CredentialKey freshKey() {
		return key(UUID.randomUUID().toString().replace("-", ""));
	}

	static CredentialKey key(String videoId) {
		return CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(videoId), Map.of("AuthInfoTimeout", "3000"));
	}

	@Override
	public void close() {
		replicas.forEach(r -> r.link().close());
		if (probe != null) {
			probe.close();
		}
		scheduler.dispose();
	}
}
