package dev.playgate.gateway.shared;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import io.lettuce.core.RedisClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared tier when a lease holder dies and when Redis stops, pauses or comes back; each test has its own Redis. */
final class SharedTierFailureTest {

	/** For tests about a dead holder or a stopped Redis: a busy machine must not turn slow answers into an outage. */
	private static final Duration GENEROUS_COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static final Duration LEASE_TTL = Duration.ofSeconds(3);

	private RedisProcess redis;

	private RedisAdmin admin;

	@BeforeEach
	void startRedis() {
		redis = RedisProcess.start();
		admin = RedisAdmin.of(redis.url());
	}

	@AfterEach
	void stopRedis() {
		admin.close();
		redis.close();
	}

	private RedisProperties properties(Duration commandTimeout) {
		return RedisProperties.of(redis.url()).withTimings(commandTimeout, LEASE_TTL, Duration.ofSeconds(10));
	}

	@Test
	void waiterOnAnotherReplicaTakesOverWhenTheLeaseHolderDies() {
		try (Fleet fleet = Fleet.of(3, properties(GENEROUS_COMMAND_TIMEOUT), Duration.ofMillis(100))) {
			CredentialKey key = Fleet.freshKey();
			fleet.replica(0).inner().answer(request -> Mono.never());
			Disposable holder = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).subscribe();
			admin.awaitLease(key);

			fleet.replica(0).link().close();
			List<Served> served = Flux.range(0, 200)
				.flatMap(i -> fleet.replica(1 + i % 2).fetch(CredentialRequest.of(key, MIN_VALIDITY)), 200)
				.collectList()
				.block(LEASE_TTL.plusSeconds(5));

			assertThat(served).hasSize(200);
			assertThat(fleet.replica(1).inner().calls() + fleet.replica(2).inner().calls()).isEqualTo(1);
			assertThat(takeovers(fleet)).isEqualTo(1);
			holder.dispose();
		}
	}

	@Test
	void redisOutageFallsThroughToTheNextStageAndTheSharedTierResumesWhenRedisIsBack() throws IOException {
		try (Fleet fleet = Fleet.of(2, properties(GENEROUS_COMMAND_TIMEOUT), Duration.ofMillis(100))) {
			redis.stop();

			Served duringOutage = fleet.replica(0).fetch(CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY)).block();
			Served again = fleet.replica(0).fetch(CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY)).block();

			assertThat(List.of(duringOutage.status(), again.status())).containsOnly(CacheStatus.MISS);
			assertThat(fleet.replica(0).counter("playgate.redis.fail.open", "operation", "claim")).isEqualTo(2);
			assertThat(fleet.replica(0).meters().get("playgate.redis.up").gauge().value()).isZero();

			redis.restart();
			Awaitility.await("the shared tier resumes")
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> coalescesAcrossReplicas(fleet));
			assertThat(fleet.replica(0).meters().get("playgate.redis.up").gauge().value()).isEqualTo(1);
		}
	}

	@Test
	void pausedRedisCostsOneCommandTimeoutThenIsSkippedUntilTheNextProbe() {
		try (Fleet fleet = Fleet.of(1, properties(Duration.ofMillis(100)), Duration.ZERO);
				RedisClient client = RedisClient.create(redis.url());
				var connection = client.connect()) {
			connection.sync().clientPause(3000);

			List<Served> served = Flux.range(0, 20)
				.concatMap(i -> fleet.replica(0).fetch(CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY)))
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(served).extracting(Served::status).containsOnly(CacheStatus.MISS);
			assertThat(fleet.replica(0).counter("playgate.redis.fail.open", "operation", "claim")).isEqualTo(20);
			assertThat(fleet.replica(0).counter("playgate.redis.round.trips", "operation", "claim")).isLessThan(5);
		}
	}

	@Test
	void waitersStopWaitingForAFillOnceRedisBecomesUnavailable() {
		RedisProperties properties = RedisProperties.of(redis.url())
			.withTimings(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(30));
		try (Fleet fleet = Fleet.of(1, properties, Duration.ZERO);
				RedisClient client = RedisClient.create(redis.url());
				var connection = client.connect()) {
			CredentialKey key = Fleet.freshKey();
			Sinks.Empty<Void> release = Sinks.empty();
			fleet.replica(0).inner().answer(fleet.answersWhen(release.asMono()));
			double misses = fleet.replica(0).l2Misses();
			Mono<Served> holder = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY));
			Mono<Served> waiter = Mono.fromRunnable(() -> admin.awaitLease(key))
				.subscribeOn(Schedulers.boundedElastic())
				.then(fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)));
			CompletableFuture<List<Served>> both = Flux.merge(holder, waiter).collectList().toFuture();

			// the holder and then the waiter have claimed: the waiter waits for the holder's fill
			fleet.replica(0).awaitL2Misses(misses + 2);
			connection.sync().clientPause(5000);
			release.tryEmitEmpty();

			assertThat(both).succeedsWithin(Duration.ofSeconds(10)).satisfies(served -> assertThat(served).hasSize(2));
			assertThat(fleet.replica(0).meters().get("playgate.lease.wait").tag("outcome", "fail-open").timer().count())
				.isOne();
		}
	}

	@Test
	void holderAnswersWithoutWaitingForItsFillAndTheFillLandsWhenRedisAnswersAgain() {
		// a command timeout far beyond the answer's bound: a holder that waited for its fill would not answer in time
		try (Fleet fleet = Fleet.of(2, properties(Duration.ofSeconds(30)), Duration.ZERO)) {
			CredentialKey key = Fleet.freshKey();
			Sinks.Empty<Void> release = Sinks.empty();
			fleet.replica(0).inner().answer(fleet.answersWhen(release.asMono()));
			CompletableFuture<Served> holder = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).toFuture();
			admin.awaitLease(key);

			redis.pause();
			try {
				release.tryEmitEmpty();
				assertThat(holder).succeedsWithin(Duration.ofSeconds(10))
					.extracting(Served::status)
					.isEqualTo(CacheStatus.MISS);
			}
			finally {
				redis.resume();
			}

			Awaitility.await("the fill in L2").atMost(Duration.ofSeconds(10)).until(() -> admin.entryTtlMillis(key) > 0);
			assertThat(fleet.replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block(Duration.ofSeconds(10)))
				.extracting(Served::status)
				.isEqualTo(CacheStatus.HIT);
			assertThat(fleet.upstreamCalls()).isOne();
		}
	}

	/** Whether two concurrent requests on two replicas now cost one upstream call, one of them woken by a message. */
	private static boolean coalescesAcrossReplicas(Fleet fleet) {
		CredentialKey key = Fleet.freshKey();
		int before = fleet.upstreamCalls();
		// a head start for the first request; should the second claim first, the next poll tries again
		Mono<Served> second = Mono.delay(Duration.ofMillis(30), fleet.scheduler())
			.then(fleet.replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)));
		List<Served> served = Flux.merge(fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)), second)
			.collectList()
			.block(Duration.ofSeconds(5));
		return fleet.upstreamCalls() - before == 1
				&& served.stream().map(Served::status).toList().contains(CacheStatus.COALESCED);
	}

	private static double takeovers(Fleet fleet) {
		return fleet.replicas.stream()
			.mapToDouble(replica -> replica.meters().get("playgate.lease.takeovers").counter().count())
			.sum();
	}
}
