package dev.playgate.gateway.budget;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.time.SystemTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster budgets sharing one real redis-server: the cap, the queue bound, refreshes, throttling and outages; and, as a
 * benchmark outside the build, how much of the budget three replicas use and their peak in any sliding second.
 */
final class ClusterUpstreamBudgetTest {

	private static final Ticker TICKER = SystemTime.ticker();

	private final Scheduler scheduler = SystemTime.newScheduler();

	private RedisProcess redis;

	private final List<Replica> replicas = new ArrayList<>();

	/** One replica's budget with its local stand-ins and metrics. */
	private record Replica(RedisLink link, ClusterUpstreamBudget budget, RecordingBudget cap, RecordingBudget share,
			SimpleMeterRegistry meters) {

		double counter(String outcome) {
			return meters.find("playgate.budget.cluster.permits").tag("outcome", outcome).counters().stream()
				.mapToDouble(counter -> counter.count())
				.sum();
		}
	}

	@BeforeEach
	void startRedis() {
		redis = RedisProcess.start();
	}

	@AfterEach
	void stop() {
		replicas.forEach(replica -> replica.link().close());
		redis.close();
		scheduler.dispose();
	}

	private Replica replica(int permitsPerSecond, Duration maxWait) {
		return replica(BudgetPolicy.of(permitsPerSecond, maxWait), ClusterBudgetProperties.defaults());
	}

	private Replica replica(BudgetPolicy policy, ClusterBudgetProperties properties) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		RedisProperties redisProperties = RedisProperties.of(redis.url())
			.withTimings(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofSeconds(15));
		RedisLink link = RedisLink.open(redisProperties, TICKER, meters);
		RecordingBudget cap = new RecordingBudget();
		RecordingBudget share = new RecordingBudget();
		ClusterUpstreamBudget budget = ClusterUpstreamBudget.of(link, properties, policy, cap, share,
				SystemTime.clock(), TICKER, scheduler, meters);
		Replica replica = new Replica(link, budget, cap, share, meters);
		replicas.add(replica);
		return replica;
	}

	/**
	 * A benchmark, not part of the build: its figures depend on Redis's reply latency and the machine's speed
	 * (docs/performance.md, "Upstream budget").
	 */
	@Test
	@Tag("benchmark")
	void threeReplicasStayWithinTheBudgetInAnySlidingSecondAndUseMostOfIt() {
		int budget = 100;
		List<Replica> fleet = List.of(replica(budget, Duration.ofSeconds(2)), replica(budget, Duration.ofSeconds(2)),
				replica(budget, Duration.ofSeconds(2)));
		ConcurrentLinkedQueue<Long> grants = new ConcurrentLinkedQueue<>();
		long start = TICKER.read();
		long end = start + Duration.ofSeconds(4).toNanos();

		Flux.range(0, 90)
			.flatMap(i -> player(fleet.get(i % 3).budget(), grants, end), 90)
			.blockLast(Duration.ofSeconds(20));

		// the budget's stated bound: B * (1 + token validity + Redis reply latency) + batch; 10 ms of reply latency
		// is generous on loopback, even on a busy test machine
		double tolerance = budget * (0.020 + 0.010) + 4 + 1;
		assertThat(peakInAnySecond(grants)).isLessThanOrEqualTo((long) (budget + tolerance));
		long steady = grants.stream().filter(t -> t - start >= 500_000_000L && t - start < 3_500_000_000L).count();
		System.out.printf("BENCH cluster budget B=%d: peak in any sliding second %d (%.3f B), steady use %.1f/s "
				+ "(%.3f B)%n", budget, peakInAnySecond(grants), peakInAnySecond(grants) / (double) budget,
				steady / 3.0, steady / 3.0 / budget);
		assertThat(steady / 3.0).isGreaterThanOrEqualTo(0.8 * budget);
		assertThat(fleet.stream().mapToDouble(r -> r.counter("fail-open")).sum()).isZero();
	}

	/** One player-facing caller acquiring permits back to back until {@code end}, recording each grant's time. */
	private static Mono<Void> player(ClusterUpstreamBudget budget, ConcurrentLinkedQueue<Long> grants, long end) {
		return Mono.defer(() -> budget.acquire(Action.PLAY_AUTH, Priority.USER))
			.doOnSuccess(granted -> grants.add(TICKER.read()))
			.onErrorResume(UpstreamBusyException.class, refused -> Mono.empty())
			.repeat(() -> TICKER.read() < end)
			.then();
	}

	private static long peakInAnySecond(ConcurrentLinkedQueue<Long> grants) {
		long[] times = grants.stream().mapToLong(Long::longValue).sorted().toArray();
		long peak = 0;
		int from = 0;
		for (int to = 0; to < times.length; to++) {
			while (times[to] - times[from] >= 1_000_000_000L) {
				from++;
			}
			peak = Math.max(peak, to - from + 1);
		}
		return peak;
	}

	@Test
	void everyPermitAlsoPassesThisProcessesOwnCap() {
		Replica replica = replica(100, Duration.ofSeconds(1));
		replica.cap().refuse(new UpstreamBusyException("local cap", Duration.ofSeconds(1)));

		StepVerifier.create(replica.budget().acquire(Action.PLAY_AUTH, Priority.USER))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UpstreamBusyException.class).hasMessage("local cap"))
			.verify(Duration.ofSeconds(5));
		assertThat(replica.cap().acquired()).isOne();
		assertThat(replica.counter("refused")).isOne();
	}

	@Test
	void playerWaitingLongerThanMaxWaitIsRefusedWithRetryAfter() {
		Replica replica = replica(2, Duration.ofMillis(200));
		Flux.range(0, 4).concatMap(i -> replica.budget().acquire(Action.PLAY_AUTH, Priority.USER)).blockLast();

		StepVerifier.create(replica.budget().acquire(Action.PLAY_AUTH, Priority.USER))
			.expectErrorSatisfies(e -> assertThat(((UpstreamBusyException) e).retryAfter()).isPositive())
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void playersBeyondWhatCanBeServedInTimeAreRefusedAtOnce() {
		Replica replica = replica(2, Duration.ofSeconds(1));
		Flux.range(0, 4).concatMap(i -> replica.budget().acquire(Action.PLAY_AUTH, Priority.USER)).blockLast();

		List<Throwable> refused = Flux.range(0, 5)
			.flatMap(i -> replica.budget().acquire(Action.PLAY_AUTH, Priority.USER).then(Mono.<Throwable>empty())
				.onErrorResume(UpstreamBusyException.class, Mono::just))
			.take(3)
			.collectList()
			.block(Duration.ofMillis(500));

		assertThat(refused).hasSize(3);
	}

	@Test
	void refreshNeverWaitsForAPermit() {
		Replica replica = replica(2, Duration.ofSeconds(5));
		Flux.range(0, 4).concatMap(i -> replica.budget().acquire(Action.PLAY_AUTH, Priority.USER)).blockLast();

		StepVerifier.create(replica.budget().acquire(Action.PLAY_AUTH, Priority.REFRESH))
			.expectError(UpstreamBusyException.class)
			.verify(Duration.ofMillis(500));
	}

	@Test
	void refreshGetsSparePermitsWhenNoPlayerNeedsThem() {
		Replica replica = replica(100, Duration.ofSeconds(1));

		StepVerifier.create(replica.budget().acquire(Action.PLAY_AUTH, Priority.REFRESH)).verifyComplete();
	}

	@Test
	void throttlingOnOneReplicaShrinksTheRateOnAllAndTeachesTheFailOpenShare() {
		Replica reporter = replica(100, Duration.ofSeconds(1));
		Replica other = replica(100, Duration.ofSeconds(1));

		reporter.budget().onThrottled(Action.PLAY_INFO);

		assertThat(reporter.cap().throttled()).isZero();
		assertThat(reporter.share().throttled()).isOne();
		Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			other.budget().acquire(Action.PLAY_INFO, Priority.USER).block();
			assertThat(rate(other, Action.PLAY_INFO)).isBetween(70.0, 71.0);
		});
		assertThat(rate(other, Action.PLAY_AUTH)).isEqualTo(100.0);
	}

	@Test
	void redisOutageSpendsTheLocalShareAndTheClusterBudgetResumesWhenRedisIsBack() throws IOException {
		Replica replica = replica(100, Duration.ofSeconds(1));
		replica.budget().acquire(Action.PLAY_AUTH, Priority.USER).block();
		redis.stop();

		replica.budget().acquire(Action.PLAY_AUTH, Priority.USER).block(Duration.ofSeconds(5));
		replica.budget().acquire(Action.PLAY_AUTH, Priority.REFRESH).block(Duration.ofSeconds(5));

		assertThat(replica.share().acquired()).isEqualTo(2);
		assertThat(replica.counter("fail-open")).isEqualTo(2);
		redis.restart();
		Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
			int before = replica.share().acquired();
			replica.budget().acquire(Action.PLAY_AUTH, Priority.USER).block(Duration.ofSeconds(5));
			return replica.share().acquired() == before;
		});
	}

	private static double rate(Replica replica, Action action) {
		return replica.meters().get("playgate.budget.cluster.rate").tag("action", action.pathSegment()).gauge().value();
	}
}
