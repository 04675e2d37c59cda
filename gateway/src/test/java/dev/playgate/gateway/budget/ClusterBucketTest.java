package dev.playgate.gateway.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.budget.ClusterBucket.Grant;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.time.FakeTime;
import dev.playgate.gateway.time.SystemTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Redis bucket's arithmetic against a real redis-server, with time passed in from a clock the test moves (the
 * {@code local} clock mode), so every count is exact.
 */
final class ClusterBucketTest {

	private static final double RATE = 100;

	private static final Duration INTERVAL = Duration.ofMillis(10);

	private static final AtomicInteger YEARS = new AtomicInteger();

	private static RedisProcess redis;

	private static RedisLink first;

	private static RedisLink second;

	private FakeTime clock;

	private ClusterBucket replicaA;

	private ClusterBucket replicaB;

	private Action action;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		RedisProperties properties = RedisProperties.of(redis.url())
			.withTimings(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(15));
		first = RedisLink.open(properties, SystemTime.ticker(), new SimpleMeterRegistry());
		second = RedisLink.open(properties, SystemTime.ticker(), new SimpleMeterRegistry());
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
		redis.close();
	}

	@BeforeEach
	void freshBucket() {
		// each test starts a year after the previous one, so the state left in Redis no longer matters
		Instant start = Instant.parse("2026-11-29T00:00:00Z").plus(Duration.ofDays(365L * YEARS.incrementAndGet()));
		clock = FakeTime.startingAt(start);
		ClusterBudgetProperties properties = ClusterBudgetProperties.defaults().withClock("local");
		BudgetPolicy policy = BudgetPolicy.of((int) RATE, Duration.ofSeconds(1));
		replicaA = new ClusterBucket(first, properties, policy, clock);
		replicaB = new ClusterBucket(second, properties, policy, clock);
		action = Action.PLAY_AUTH;
	}

	private Grant take(ClusterBucket bucket, int want, boolean refresh) {
		return bucket.take(action, want, refresh).block();
	}

	@Test
	void burstIsOneBatchThenPermitsComeAtTheRate() {
		assertThat(take(replicaA, 4, false).granted()).isEqualTo(4);

		Grant refused = take(replicaB, 1, false);
		clock.advance(INTERVAL);
		Grant next = take(replicaB, 1, false);

		assertThat(refused.granted()).isZero();
		assertThat(refused.nextIn()).isEqualTo(INTERVAL);
		assertThat(next.granted()).isOne();
	}

	@Test
	void grantsInAnySlidingSecondNeverExceedTheRatePlusOneBatch() {
		List<Integer> grantsPerMillisecond = new ArrayList<>();
		for (int ms = 0; ms < 3000; ms++) {
			ClusterBucket replica = ms % 2 == 0 ? replicaA : replicaB;
			grantsPerMillisecond.add(take(replica, 4, false).granted());
			clock.advance(Duration.ofMillis(1));
		}

		int peak = 0;
		for (int start = 0; start + 1000 <= grantsPerMillisecond.size(); start++) {
			peak = Math.max(peak, grantsPerMillisecond.subList(start, start + 1000).stream().mapToInt(i -> i).sum());
		}
		int total = grantsPerMillisecond.stream().mapToInt(i -> i).sum();
		assertThat(peak).isLessThanOrEqualTo((int) RATE + 4);
		assertThat(total).isBetween(3 * (int) RATE, 3 * (int) RATE + 4);
	}

	@Test
	void refreshGetsNothingWhilePlayersHoldTheBurst() {
		take(replicaA, 4, false);

		assertThat(take(replicaB, 1, true).granted()).isZero();
		clock.advance(INTERVAL.multipliedBy(4));
		assertThat(take(replicaB, 1, true).granted()).isOne();
	}

	@Test
	void refreshesLeaveTheReserveOfTheBurstToPlayers() {
		assertThat(take(replicaA, 1, true).granted()).isOne();
		assertThat(take(replicaA, 1, true).granted()).isOne();
		assertThat(take(replicaA, 1, true).granted()).isOne();
		assertThat(take(replicaA, 1, true).granted()).isZero();

		assertThat(take(replicaB, 4, false).granted()).isEqualTo(1);
	}

	@Test
	void throttleShrinksTheRateForEveryReplicaAndItRecoversAdditively() {
		double shrunk = replicaA.shrink(action).block();

		assertThat(shrunk).isCloseTo(0.7, within(1e-6));
		assertThat(permitsInOneSecond(replicaB)).isBetween(70, 74);
		clock.advance(Duration.ofSeconds(9));
		assertThat(take(replicaB, 1, false).factor()).isCloseTo(0.9, within(1e-3));
		clock.advance(Duration.ofSeconds(10));
		assertThat(take(replicaA, 1, false).factor()).isEqualTo(1.0);
	}

	@Test
	void throttleReportsWithinTheCooldownShrinkOnce() {
		replicaA.shrink(action).block();
		double again = replicaB.shrink(action).block();
		clock.advance(Duration.ofMillis(1001));
		double later = replicaB.shrink(action).block();

		assertThat(again).isCloseTo(0.7, within(1e-6));
		assertThat(later).isCloseTo(0.7 * (0.7 + 0.02 * 1.001), within(1e-4));
	}

	@Test
	void rateNeverShrinksBelowTheMinimumShare() {
		double factor = 1;
		for (int i = 0; i < 20; i++) {
			factor = replicaA.shrink(action).block();
			clock.advance(Duration.ofMillis(1001));
		}

		assertThat(factor).isBetween(0.1, 0.15);
	}

	@Test
	void actionsHaveSeparateBudgets() {
		take(replicaA, 4, false);
		action = Action.PLAY_INFO;

		assertThat(take(replicaA, 4, false).granted()).isEqualTo(4);
	}

	/** Takes permits one millisecond apart for one simulated second. */
	private int permitsInOneSecond(ClusterBucket bucket) {
		int granted = 0;
		for (int ms = 0; ms < 1000; ms++) {
			granted += take(bucket, 4, false).granted();
			clock.advance(Duration.ofMillis(1));
		}
		return granted;
	}
}
