package dev.playgate.gateway.shared;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** Three replicas of the shared tier against one real redis-server, each with its own Lettuce client. */
final class SharedTierTest {

	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static final Duration SLOW_UPSTREAM = Duration.ofMillis(300);

	private static RedisProcess redis;

	private static Fleet fleet;

	private static RedisAdmin admin;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		admin = RedisAdmin.of(redis.url());
		RedisProperties properties = RedisProperties.of(redis.url())
			// a generous command timeout: these tests are about coalescing, not about failing open on a busy machine
			.withTimings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(15));
		fleet = Fleet.of(3, properties, SLOW_UPSTREAM);
	}

	@AfterAll
	static void stop() {
		fleet.close();
		admin.close();
		redis.close();
	}

	@BeforeEach
	void answerSlowly() {
		fleet.replicas.forEach(replica -> replica.inner().answer(fleet.answersAfter(SLOW_UPSTREAM)));
	}

	@Test
	void concurrentRequestsOnThreeReplicasShareOneUpstreamCall() {
		CredentialKey key = Fleet.freshKey();
		int before = fleet.upstreamCalls();

		List<Served> served = Flux.range(0, 3000)
			.flatMap(i -> fleet.replica(i % 3).fetch(CredentialRequest.of(key, MIN_VALIDITY)), 3000)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(fleet.upstreamCalls() - before).isEqualTo(1);
		assertThat(served).hasSize(3000);
		Map<CacheStatus, Long> statuses = served.stream()
			.collect(Collectors.groupingBy(Served::status, Collectors.counting()));
		assertThat(statuses.get(CacheStatus.MISS)).isEqualTo(1);
		assertThat(statuses.keySet()).isSubsetOf(CacheStatus.MISS, CacheStatus.COALESCED, CacheStatus.HIT);
		assertThat(served.stream().map(Served::credential).distinct()).hasSize(1);
	}

	@Test
	void distinctKeysOnAllReplicasCostOneUpstreamCallEach() {
		List<CredentialKey> keys = Flux.range(0, 300).map(i -> Fleet.freshKey()).collectList().block();
		int before = fleet.upstreamCalls();

		List<Served> served = Flux.range(0, 900)
			.flatMap(i -> fleet.replica(i % 3).fetch(CredentialRequest.of(keys.get(i / 3), MIN_VALIDITY)), 900)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(served).hasSize(900);
		assertThat(fleet.upstreamCalls() - before).isEqualTo(300);
	}

	@Test
	void entryFilledOnOneReplicaIsAnL2HitOnAnother() {
		CredentialKey key = Fleet.freshKey();
		Served filled = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();
		fleet.awaitFillLanded(key);
		int before = fleet.upstreamCalls();

		Served hit = fleet.replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();

		assertThat(hit.status()).isEqualTo(CacheStatus.HIT);
		assertThat(hit.credential()).isEqualTo(filled.credential());
		assertThat(fleet.upstreamCalls()).isEqualTo(before);
	}

	@Test
	void entryWithLessThanMinValidityLeftIsFetchedAgain() {
		CredentialKey key = Fleet.freshKey();
		fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();
		fleet.awaitFillLanded(key);
		int before = fleet.upstreamCalls();

		Served served = fleet.replica(1).fetch(CredentialRequest.of(key, Fleet.LIFETIME.plusSeconds(1))).block();

		assertThat(served.status()).isEqualTo(CacheStatus.MISS);
		assertThat(fleet.upstreamCalls()).isEqualTo(before + 1);
	}

	@Test
	void refreshIsAnsweredByAnEntryAnotherReplicaAlreadyRefreshed() {
		CredentialKey key = Fleet.freshKey();
		fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY).asRefresh()).block();
		fleet.awaitFillLanded(key);
		int before = fleet.upstreamCalls();
		// a refresh asks for more than a due entry has left; a freshly refreshed entry has it
		CredentialRequest refresh = CredentialRequest.of(key, Fleet.LIFETIME.multipliedBy(3).dividedBy(4)).asRefresh();

		Served served = fleet.replica(2).fetch(refresh).block();

		assertThat(served.status()).isEqualTo(CacheStatus.HIT);
		assertThat(fleet.upstreamCalls()).isEqualTo(before);
	}

	@Test
	void holderFailureIsSharedWithWaitersOnOtherReplicas() {
		CredentialKey key = Fleet.freshKey();
		Sinks.Empty<Void> release = Sinks.empty();
		fleet.replica(0).inner().answer(request -> release.asMono()
			.then(Mono.error(new VideoNotFoundException("video not found: " + request.key().videoId()))));
		double misses = fleet.replica(1).l2Misses();
		Mono<Served> holder = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY));
		Mono<Served> waiter = afterLeaseTaken(key, fleet.replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)));
		CompletableFuture<List<Served>> both = Flux.merge(holder.onErrorResume(e -> Mono.empty()), waiter)
			.collectList()
			.toFuture();

		fleet.replica(1).awaitL2Misses(misses + 1);
		release.tryEmitEmpty();

		assertThat(both).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(VideoNotFoundException.class)
			.withMessageContaining(key.videoId().value());
		assertThat(fleet.upstreamCalls() - fleet.replica(0).inner().calls()).isZero();
	}

	@Test
	void refreshHolderGivingUpLetsAPlayerWaiterFillTheKey() {
		CredentialKey key = Fleet.freshKey();
		Sinks.Empty<Void> release = Sinks.empty();
		fleet.replica(0).inner().answer(request -> release.asMono()
			.then(Mono.error(new UpstreamBusyException("no spare budget", Duration.ofSeconds(1)))));
		int before = fleet.replica(1).inner().calls();
		double misses = fleet.replica(1).l2Misses();
		Mono<Served> refresh = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY).asRefresh());
		Mono<Served> player = afterLeaseTaken(key, fleet.replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)));
		CompletableFuture<List<Served>> both = Flux
			.merge(refresh.onErrorResume(UpstreamBusyException.class, e -> Mono.empty()), player)
			.collectList()
			.toFuture();

		fleet.replica(1).awaitL2Misses(misses + 1);
		release.tryEmitEmpty();

		assertThat(both).succeedsWithin(Duration.ofSeconds(10))
			.satisfies(served -> assertThat(served).extracting(Served::status).containsExactly(CacheStatus.MISS));
		assertThat(fleet.replica(1).inner().calls()).isEqualTo(before + 1);
	}

	@Test
	void holderWhoseClientWentAwayStillFillsForTheWaiters() {
		CredentialKey key = Fleet.freshKey();
		Sinks.Empty<Void> release = Sinks.empty();
		fleet.replica(0).inner().answer(fleet.answersWhen(release.asMono()));
		int before = fleet.upstreamCalls();
		Disposable holder = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).subscribe();
		admin.awaitLease(key);
		double misses = fleet.replica(1).l2Misses();

		holder.dispose();
		CompletableFuture<Served> waiter = fleet.replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)).toFuture();
		fleet.replica(1).awaitL2Misses(misses + 1);
		release.tryEmitEmpty();

		assertThat(waiter).succeedsWithin(Duration.ofSeconds(10))
			.satisfies(served -> assertThat(served.status()).isEqualTo(CacheStatus.COALESCED));
		assertThat(fleet.upstreamCalls()).isEqualTo(before + 1);
	}

	@Test
	void waitersOnOtherReplicasWakeOnTheFillMessage() {
		CredentialKey key = Fleet.freshKey();
		Sinks.Empty<Void> release = Sinks.empty();
		fleet.replica(0).inner().answer(fleet.answersWhen(release.asMono()));
		double misses = fleet.replica(2).l2Misses();
		Mono<Served> holder = fleet.replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY));
		Mono<Served> waiter = afterLeaseTaken(key, fleet.replica(2).fetch(CredentialRequest.of(key, MIN_VALIDITY)));
		CompletableFuture<List<Served>> both = Flux.merge(holder, waiter).collectList().toFuture();

		fleet.replica(2).awaitL2Misses(misses + 1);
		release.tryEmitEmpty();

		assertThat(both).succeedsWithin(Duration.ofSeconds(10))
			.satisfies(served -> assertThat(served).extracting(Served::status)
				.containsExactlyInAnyOrder(CacheStatus.MISS, CacheStatus.COALESCED));
		assertThat(fleet.replica(2).meters().find("playgate.lease.wait").tag("outcome", "filled").timer().count())
			.isPositive();
	}

	@Test
	void unreachableRedisAtStartIsNotAnError() {
		RedisProperties nowhere = RedisProperties.of("redis://127.0.0.1:" + RedisProcess.freePort())
			.withTimings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
		try (Fleet alone = Fleet.of(1, nowhere, Duration.ZERO)) {
			Served served = alone.replica(0).fetch(CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY)).block();

			assertThat(served.status()).isEqualTo(CacheStatus.MISS);
			assertThat(alone.sum("playgate.redis.fail.open", "operation", "claim")).isEqualTo(1);
		}
	}

	@Test
	void requestWithoutRedisFailureIsNotCountedAsFailOpen() {
		fleet.replica(0).fetch(CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY)).block();

		assertThat(fleet.sum("playgate.redis.fail.open", "operation", "claim")).isZero();
		assertThat(fleet.sum("playgate.redis.round.trips", "operation", "claim")).isPositive();
	}

	/** {@code request}, subscribed once another replica holds {@code key}'s lease. */
	private static Mono<Served> afterLeaseTaken(CredentialKey key, Mono<Served> request) {
		return Mono.fromRunnable(() -> admin.awaitLease(key)).subscribeOn(Schedulers.boundedElastic()).then(request);
	}
}
