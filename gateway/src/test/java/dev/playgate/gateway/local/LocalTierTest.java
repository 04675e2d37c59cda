package dev.playgate.gateway.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CountingSource;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.purge.VideoGenerations;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

final class LocalTierTest {

	private static final Duration LIFETIME = Duration.ofSeconds(1000);
	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private final FakeTime time = FakeTime.create();
	private final CacheProperties properties = new CacheProperties(DataSize.ofMegabytes(1), MIN_VALIDITY, 0.75, 0.1,
			Duration.ofSeconds(10), 1000);
	private final CountingSource upstream = CountingSource.issuing(time, LIFETIME);
	private final VideoGenerations generations = new VideoGenerations();
	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
	private final LocalTier tier = LocalTier.of(upstream, properties, time, time, new LocalTierMetrics(registry),
			generations);

	private static CredentialRequest request(String id) {
		CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(id), Map.of("AuthInfoTimeout", "1000"));
		return CredentialRequest.of(key, MIN_VALIDITY);
	}

	private static final CredentialRequest HOT = request("a".repeat(32));

	@Test
	void concurrentMissesShareOneUpstreamCall() {
		Sinks.One<Served> gate = Sinks.one();
		upstream.answer(request -> gate.asMono());
		List<Mono<Served>> callers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			callers.add(tier.fetch(HOT));
		}
		Mono<List<Served>> all = Flux.merge(callers).collectList().cache();
		all.subscribe();
		gate.tryEmitValue(CountingSource.issue(HOT, time.instant(), LIFETIME));

		List<Served> served = all.block(Duration.ofSeconds(5));
		assertThat(upstream.calls()).isEqualTo(1);
		assertThat(served).hasSize(100).extracting(Served::status).containsOnly(CacheStatus.MISS, CacheStatus.COALESCED);
		assertThat(served).filteredOn(s -> s.status() == CacheStatus.MISS).hasSize(1);
		assertThat(served).extracting(s -> s.credential().issuedAt()).containsOnly(time.instant());
	}

	@Test
	void concurrentMissesFromManyThreadsShareOneUpstreamCall() {
		Sinks.Empty<Void> release = Sinks.empty();
		upstream.answer(request -> release.asMono().then(Mono.fromCallable(
				() -> CountingSource.issue(request, time.instant(), LIFETIME))));
		Scheduler callers = Schedulers.newParallel("callers", 8);
		try {
			CompletableFuture<List<Served>> all = Flux.range(0, 400)
				.parallel(8)
				.runOn(callers)
				.flatMap(i -> tier.fetch(request(("k" + (i % 4)).repeat(16))))
				.sequential()
				.collectList()
				.toFuture();
			release.tryEmitEmpty();
			assertThat(all).succeedsWithin(Duration.ofSeconds(10)).asList().hasSize(400);
		}
		finally {
			callers.dispose();
		}
		assertThat(upstream.calls()).isEqualTo(4);
	}

	@Test
	void validEntryIsServedFromMemory() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(100));
		StepVerifier.create(tier.fetch(HOT)).assertNext(s -> assertThat(s.status()).isEqualTo(CacheStatus.HIT)).verifyComplete();
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void aHitIsServedAtOnceAsFetchWouldServeIt() {
		Served loaded = tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(100));

		Served atOnce = tier.servedAtOnce(HOT);
		assertThat(atOnce).isNotNull();
		assertThat(atOnce.status()).isEqualTo(CacheStatus.HIT);
		assertThat(atOnce.credential()).isEqualTo(loaded.credential());
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void everyHitServedAtOnceIsCountedWhetherItsReadIsRecordedOrQuiet() {
		tier.fetch(HOT).block();
		double before = registry.get("cache.gets").tag("cache", "playgate-l1").tag("result", "hit").functionCounter()
			.count();
		int hits = 50 * LocalTier.RECORDED_HIT_SAMPLE;
		for (int i = 0; i < hits; i++) {
			assertThat(tier.servedAtOnce(HOT)).isNotNull();
		}

		double after = registry.get("cache.gets").tag("cache", "playgate-l1").tag("result", "hit").functionCounter()
			.count();
		assertThat(after - before).isEqualTo(hits);
	}

	@Test
	void nothingIsServedAtOnceForAKeyNeverLoaded() {
		assertThat(tier.servedAtOnce(HOT)).isNull();
		assertThat(upstream.calls()).isZero();
	}

	@Test
	void aLoadInFlightIsNotServedAtOnce() {
		Sinks.One<Served> gate = Sinks.one();
		upstream.answer(request -> gate.asMono());
		Disposable waiting = tier.fetch(HOT).subscribe();

		assertThat(tier.servedAtOnce(HOT)).isNull();
		waiting.dispose();
	}

	@Test
	void aFailedLoadIsNotServedAtOnce() {
		upstream.answer(request -> Mono.error(new UpstreamBusyException("VOD down", Duration.ofSeconds(5))));
		Disposable failing = tier.fetch(HOT).subscribe(served -> { }, error -> { });

		assertThat(tier.servedAtOnce(HOT)).isNull();
		failing.dispose();
	}

	@Test
	void anEntryWithLessThanTheRequestsValidityLeftIsNotServedAtOnce() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(500));
		CredentialRequest demanding = new CredentialRequest(HOT.key(), Duration.ofSeconds(600), Priority.USER);

		assertThat(tier.servedAtOnce(demanding)).isNull();
		assertThat(tier.servedAtOnce(HOT)).isNotNull();
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void anEntryPastItsRefreshPointServedAtOnceIsRefreshedInTheBackground() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(760));

		Served during = tier.servedAtOnce(HOT);
		assertThat(during).isNotNull();
		assertThat(during.status()).isEqualTo(CacheStatus.HIT);
		assertThat(upstream.calls()).isEqualTo(2);
		assertThat(upstream.requests().get(1).priority()).isEqualTo(Priority.REFRESH);
		assertThat(tier.servedAtOnce(HOT).credential().issuedAt()).isEqualTo(time.instant());
	}

	@Test
	void aStaleEntryIsServedAtOnceAsStale() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(800));
		upstream.answer(request -> Mono.error(new UpstreamBusyException("VOD down", Duration.ofSeconds(5))));
		tier.servedAtOnce(HOT);

		assertThat(tier.servedAtOnce(HOT).status()).isEqualTo(CacheStatus.STALE);
	}

	@Test
	void expiredCredentialIsNeverServed() {
		Served first = tier.fetch(HOT).block();
		time.advance(LIFETIME.minus(MIN_VALIDITY).plusSeconds(1));

		Served second = tier.fetch(HOT).block();
		assertThat(upstream.calls()).isEqualTo(2);
		assertThat(second.status()).isEqualTo(CacheStatus.MISS);
		assertThat(second.credential().issuedAt()).isAfter(first.credential().issuedAt());
		assertThat(second.credential().remainingAt(time.instant())).isGreaterThanOrEqualTo(MIN_VALIDITY);
	}

	@Test
	void requestAskingMoreValidityThanLeftCausesANewCall() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(500));
		CredentialRequest demanding = new CredentialRequest(HOT.key(), Duration.ofSeconds(600), Priority.USER);

		Served served = tier.fetch(demanding).block();
		assertThat(served.status()).isEqualTo(CacheStatus.MISS);
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void entryPastItsRefreshPointIsRefreshedInTheBackground() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(760));

		Served during = tier.fetch(HOT).block();
		assertThat(during.status()).isEqualTo(CacheStatus.HIT);
		assertThat(upstream.calls()).isEqualTo(2);
		CredentialRequest refresh = upstream.requests().get(1);
		assertThat(refresh.priority()).isEqualTo(Priority.REFRESH);
		assertThat(refresh.minValidity()).isGreaterThan(during.credential().remainingAt(time.instant()));

		Served after = tier.fetch(HOT).block();
		assertThat(after.status()).isEqualTo(CacheStatus.HIT);
		assertThat(after.credential().issuedAt()).isEqualTo(time.instant());
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void failedRefreshKeepsServingTheValidEntryAsStale() {
		Served first = tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(800));
		upstream.answer(request -> Mono.error(new UpstreamBusyException("VOD down", Duration.ofSeconds(5))));

		tier.fetch(HOT).block();
		Served stale = tier.fetch(HOT).block();
		assertThat(stale.status()).isEqualTo(CacheStatus.STALE);
		assertThat(stale.credential()).isEqualTo(first.credential());
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void failedRefreshIsRetriedOnlyAfterAPause() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(800));
		upstream.answer(request -> Mono.error(new UpstreamBusyException("VOD down", Duration.ofSeconds(5))));
		for (int i = 0; i < 10; i++) {
			tier.fetch(HOT).block();
		}
		assertThat(upstream.calls()).isEqualTo(2);

		time.advance(RefreshAhead.RETRY_AFTER_FAILURE);
		tier.fetch(HOT).block();
		assertThat(upstream.calls()).isEqualTo(3);
	}

	@Test
	void failedLoadIsNotCached() {
		upstream.answer(request -> Mono.error(new UpstreamBusyException("throttled", Duration.ofSeconds(1))));
		StepVerifier.create(tier.fetch(HOT)).expectError(UpstreamBusyException.class).verify();

		upstream.answer(request -> Mono.just(CountingSource.issue(request, time.instant(), LIFETIME)));
		StepVerifier.create(tier.fetch(HOT)).assertNext(s -> assertThat(s.status()).isEqualTo(CacheStatus.MISS)).verifyComplete();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void waitersShareTheLoadersFailure() {
		Sinks.One<Served> gate = Sinks.one();
		upstream.answer(request -> gate.asMono());
		Mono<Served> first = tier.fetch(HOT);
		Mono<Served> second = tier.fetch(HOT);
		gate.tryEmitError(new UpstreamBusyException("throttled", Duration.ofSeconds(2)));

		StepVerifier.create(first).expectError(UpstreamBusyException.class).verify();
		StepVerifier.create(second).expectError(UpstreamBusyException.class).verify();
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void aCallerThatCancelsDoesNotCancelTheSharedLoad() {
		Sinks.One<Served> gate = Sinks.one();
		upstream.answer(request -> gate.asMono());
		Disposable impatient = tier.fetch(HOT).subscribe();
		Mono<Served> patient = tier.fetch(HOT);
		impatient.dispose();
		gate.tryEmitValue(CountingSource.issue(HOT, time.instant(), LIFETIME));

		StepVerifier.create(patient).assertNext(s -> assertThat(s.status()).isEqualTo(CacheStatus.COALESCED)).verifyComplete();
		assertThat(upstream.cancellations()).isZero();
		assertThat(tier.fetch(HOT).block().status()).isEqualTo(CacheStatus.HIT);
	}

	@Test
	void memoryIsBoundedByBytes() {
		upstream.answer(request -> Mono.just(CountingSource.issue(request, time.instant(), LIFETIME)));
		for (int i = 0; i < 20_000; i++) {
			tier.fetch(request(String.format("%032d", i))).block();
		}
		tier.cleanUp();
		long bytesPerEntry = 256 + 2 * 50 + 80;
		assertThat(tier.size() * bytesPerEntry).isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes());
		assertThat(tier.size()).isGreaterThan(1000);
	}

	private static CredentialRequest demanding(Duration minValidity) {
		return CredentialRequest.of(HOT.key(), minValidity);
	}

	@Test
	void failedDemandingLoadLeavesTheValidEntryServingEveryoneItSatisfies() {
		Served first = tier.fetch(HOT).block(Duration.ofSeconds(5));
		time.advance(Duration.ofSeconds(100));
		upstream.answer(request -> Mono.error(new UpstreamBusyException("VOD is down", Duration.ofSeconds(1))));

		StepVerifier.create(tier.fetch(demanding(LIFETIME.minusSeconds(99)))).expectError(UpstreamBusyException.class)
			.verify(Duration.ofSeconds(5));

		Served after = tier.fetch(HOT).block(Duration.ofSeconds(5));
		assertThat(after.status()).isEqualTo(CacheStatus.HIT);
		assertThat(after.credential()).isEqualTo(first.credential());
	}

	@Test
	void validEntryIsServedWhileADemandingLoadRuns() {
		Served first = tier.fetch(HOT).block(Duration.ofSeconds(5));
		time.advance(Duration.ofSeconds(100));
		Sinks.One<Served> gate = Sinks.one();
		upstream.answer(request -> gate.asMono());
		Mono<Served> demandingLoad = tier.fetch(demanding(LIFETIME.minusSeconds(99))).cache();
		Disposable running = demandingLoad.subscribe();

		Served during = tier.fetch(HOT).block(Duration.ofSeconds(5));
		gate.tryEmitValue(CountingSource.issue(HOT, time.instant(), LIFETIME));
		Served loaded = demandingLoad.block(Duration.ofSeconds(5));
		Served after = tier.fetch(HOT).block(Duration.ofSeconds(5));

		running.dispose();
		assertThat(during.credential()).isEqualTo(first.credential());
		assertThat(during.status()).isEqualTo(CacheStatus.HIT);
		assertThat(loaded.status()).isEqualTo(CacheStatus.MISS);
		assertThat(after.credential()).isEqualTo(loaded.credential());
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void concurrentDemandingRequestsShareOneLoad() {
		tier.fetch(HOT).block(Duration.ofSeconds(5));
		time.advance(Duration.ofSeconds(100));
		Sinks.One<Served> gate = Sinks.one();
		upstream.answer(request -> gate.asMono());
		Mono<List<Served>> all = Flux.range(0, 20)
			.flatMap(i -> tier.fetch(demanding(LIFETIME.minusSeconds(99))))
			.collectList()
			.cache();
		all.subscribe();
		gate.tryEmitValue(CountingSource.issue(HOT, time.instant(), LIFETIME));

		assertThat(all.block(Duration.ofSeconds(5))).hasSize(20);
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void loaderIsRefusedWhenTheNextTierAnswersWithLessThanItsMinValidity() {
		upstream.answer(request -> Mono.just(CountingSource.issue(request, time.instant(), MIN_VALIDITY.minusSeconds(1))));

		StepVerifier.create(tier.fetch(HOT)).expectError(UpstreamBusyException.class).verify(Duration.ofSeconds(5));
	}

	@Test
	void purgeDropsEveryEntryOfTheVideoAndOnlyThem() {
		String purged = "p".repeat(32);
		String kept = "k".repeat(32);
		tier.fetch(request(purged)).block();
		tier.fetch(request(kept)).block();
		tier.purge(VideoId.parse(purged));
		assertThat(tier.entries(VideoId.parse(purged))).isEmpty();
		StepVerifier.create(tier.fetch(request(purged)).map(Served::status)).expectNext(CacheStatus.MISS).verifyComplete();
		StepVerifier.create(tier.fetch(request(kept)).map(Served::status)).expectNext(CacheStatus.HIT).verifyComplete();
		assertThat(upstream.calls()).isEqualTo(3);
	}

	@Test
	void loadInFlightDuringAPurgeIsNotKept() {
		Sinks.One<Served> slow = Sinks.one();
		upstream.answer(r -> slow.asMono());
		String id = "f".repeat(32);
		Mono<Served> first = tier.fetch(request(id)).cache();
		first.subscribe();
		tier.purge(VideoId.parse(id));
		slow.tryEmitValue(CountingSource.issue(request(id), time.instant(), LIFETIME));
		StepVerifier.create(first.map(Served::status)).expectNext(CacheStatus.MISS).verifyComplete();
		upstream.answer(r -> Mono.just(CountingSource.issue(r, time.instant(), LIFETIME)));
		StepVerifier.create(tier.fetch(request(id)).map(Served::status)).expectNext(CacheStatus.MISS).verifyComplete();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void loadStampedBeforeAPurgeAndStoredAfterItsRemovalIsRemoved() {
		// the purge's removal runs between the stamp and the store: only the check after the store catches it
		Sinks.One<Served> slow = Sinks.one();
		upstream.answer(r -> slow.asMono());
		String id = "s".repeat(32);
		generations.advance(VideoId.parse("x".repeat(32)));
		Mono<Served> first = tier.fetch(request(id)).cache();
		first.subscribe();
		generations.advance(VideoId.parse(id));
		slow.tryEmitValue(CountingSource.issue(request(id), time.instant(), LIFETIME));
		first.block();
		assertThat(tier.entries(VideoId.parse(id))).isEmpty();
	}

	@Test
	void refreshInFlightDuringAPurgeIsNotKept() {
		String id = "r".repeat(32);
		tier.fetch(request(id)).block();
		time.advance(LIFETIME.multipliedBy(9).dividedBy(10));
		Sinks.One<Served> slow = Sinks.one();
		upstream.answer(r -> slow.asMono());
		tier.fetch(request(id)).block();
		assertThat(upstream.calls()).isEqualTo(2);
		generations.advance(VideoId.parse(id));
		slow.tryEmitValue(CountingSource.issue(request(id), time.instant(), LIFETIME));
		assertThat(tier.entries(VideoId.parse(id))).isEmpty();
	}

	@Test
	void refreshesInFlightAreGaugedUntilTheyEnd() {
		tier.fetch(HOT).block();
		time.advance(Duration.ofSeconds(800));
		Sinks.One<Served> slow = Sinks.one();
		upstream.answer(request -> slow.asMono());
		tier.fetch(HOT).block();
		tier.fetch(HOT).block();
		assertThat(registry.get("playgate.refresh.in.flight").gauge().value()).isEqualTo(1);

		slow.tryEmitValue(CountingSource.issue(HOT, time.instant(), LIFETIME));
		assertThat(registry.get("playgate.refresh.in.flight").gauge().value()).isZero();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void purgeAllDropsEverything() {
		tier.fetch(request("a".repeat(32))).block();
		tier.fetch(request("b".repeat(32))).block();
		tier.purgeAll();
		assertThat(tier.size()).isZero();
	}

	@Test
	void entriesListKeysAndInstantsButNoCredential() {
		String id = "l".repeat(32);
		tier.fetch(request(id)).block();
		assertThat(tier.entries(VideoId.parse(id))).singleElement().satisfies(entry -> {
			assertThat(entry.tier()).isEqualTo("local");
			assertThat(entry.key()).isEqualTo(request(id).key().canonical());
			assertThat(entry.issuedAt()).isEqualTo(time.instant());
			assertThat(entry.expiresAt()).isEqualTo(time.instant().plus(LIFETIME));
			assertThat(entry.negative()).isFalse();
			assertThat(entry.toString()).doesNotContain("\"at\"");
		});
	}
}
