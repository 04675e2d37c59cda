package dev.playgate.gateway.shared;

import java.time.Duration;

import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.budget.ClusterBudgetProperties;
import dev.playgate.gateway.budget.RecordingBudget;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.shared.Fleet.Replica;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared tier and the cluster budget together against one real redis-server: a player's miss fetches its permit
 * while it claims, so the call it may have to make waits for no further round trip.
 */
final class SharedTierBudgetTest {

	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static final BudgetPolicy POLICY = BudgetPolicy.of(300, Duration.ofMillis(500));

	/**
	 * Permits that live a second rather than 20 ms: these tests count round trips, and a claim on a busy machine (or
	 * the first one, which loads the script) may take longer than 20 ms, after which the permit fetched ahead is gone.
	 */
	private static final ClusterBudgetProperties CLUSTER = new ClusterBudgetProperties(3, 4, Duration.ofSeconds(1),
			"redis", 0.7, Duration.ofSeconds(1), 0.02, 0.1);

	private static RedisProcess redis;

	private static RedisProperties properties;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		// a generous command timeout: these tests count round trips, not fail-opens on a busy machine
		properties = RedisProperties.of(redis.url())
			.withTimings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(15));
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	@Test
	void aMissWithRedisMakesOneBudgetTakeAndOneClaim() {
		try (Fleet fleet = Fleet.budgeted(1, properties, Duration.ZERO, POLICY, CLUSTER)) {
			Replica replica = fleet.replica(0);

			Served served = fetch(replica, CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY));

			assertThat(served.status()).isEqualTo(CacheStatus.MISS);
			assertThat(roundTrips(replica, "claim")).isEqualTo(1);
			assertThat(roundTrips(replica, "budget.take")).isEqualTo(1);
			assertThat(permits(replica, "ahead")).isEqualTo(1);
			assertThat(permits(replica, "granted")).isEqualTo(1);
		}
	}

	@Test
	void anL2HitLeavesThePermitFetchedAheadUnusedAndCountsIt() {
		try (Fleet fleet = Fleet.budgeted(2, properties, Duration.ZERO, POLICY, CLUSTER)) {
			CredentialKey key = Fleet.freshKey();
			fetch(fleet.replica(0), CredentialRequest.of(key, MIN_VALIDITY));
			fleet.awaitFillLanded(key); // the holder answers before its fill: the next replica would wait for it
			Replica second = fleet.replica(1);

			Served served = fetch(second, CredentialRequest.of(key, MIN_VALIDITY));

			assertThat(served.status()).isEqualTo(CacheStatus.HIT);
			Awaitility.await("the unused permit dropped")
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> permits(second, "expired-unused") == 1);
			assertThat(permits(second, "ahead")).isEqualTo(1);
			assertThat(permits(second, "granted")).isZero();
			assertThat(roundTrips(second, "budget.take")).isEqualTo(1);
			assertThat(second.inner().calls()).isZero();
		}
	}

	@Test
	void aRefreshFetchesNoPermitAhead() {
		try (Fleet fleet = Fleet.budgeted(1, properties, Duration.ZERO, POLICY, CLUSTER)) {
			Replica replica = fleet.replica(0);

			Served served = fetch(replica, CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY).asRefresh());

			assertThat(served.status()).isEqualTo(CacheStatus.MISS);
			assertThat(permits(replica, "ahead")).isZero();
			assertThat(roundTrips(replica, "budget.take")).isEqualTo(1); // the refresh's own, when it calls
		}
	}

	@Test
	void aWaiterWokenToClaimAgainTellsTheBudgetOnlyBeforeItsFirstClaim() {
		try (Fleet fleet = Fleet.of(2, properties, Duration.ZERO)) {
			CredentialKey key = Fleet.freshKey();
			Sinks.Empty<Void> gate = Sinks.empty();
			fleet.replica(0).inner().answer(fleet.answersWhen(gate.asMono()));
			Replica holder = fleet.replica(0);
			Replica waiter = fleet.replica(1);
			Disposable filling = holder.fetch(CredentialRequest.of(key, MIN_VALIDITY)).subscribe();
			holder.awaitL2Misses(1);
			Mono<Served> waiting = waiter.fetch(CredentialRequest.of(key, MIN_VALIDITY)).cache();
			waiting.subscribe();
			waiter.awaitL2Misses(1);

			waiter.tier().purge(key.videoId()); // wakes it: it claims again, and waits again
			Awaitility.await("the second claim")
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> roundTrips(waiter, "claim") == 2);
			gate.tryEmitEmpty();

			assertThat(waiting.block(Duration.ofSeconds(10)).status()).isEqualTo(CacheStatus.COALESCED);
			assertThat(((RecordingBudget) waiter.budget()).expected()).containsExactly(Action.PLAY_AUTH);
			filling.dispose();
		}
	}

	private static Served fetch(Replica replica, CredentialRequest request) {
		return replica.fetch(request).block(Duration.ofSeconds(10));
	}

	private static double roundTrips(Replica replica, String operation) {
		return replica.counter("playgate.redis.round.trips", "operation", operation);
	}

	private static double permits(Replica replica, String outcome) {
		return replica.counter("playgate.budget.cluster.permits", "outcome", outcome);
	}
}
