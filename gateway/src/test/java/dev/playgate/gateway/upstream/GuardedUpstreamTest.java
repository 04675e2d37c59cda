package dev.playgate.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.playgate.gateway.budget.RecordingBudget;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.UpstreamMisconfiguredException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.time.CountingScheduler;
import dev.playgate.gateway.time.FakeTime;
import dev.playgate.gateway.upstream.UpstreamFailedException.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class GuardedUpstreamTest {

	private static final CredentialRequest REQUEST = CredentialRequest.of(VodUpstreamTest.playAuthKey(), Duration.ZERO);

	private final FakeTime time = FakeTime.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ScriptedVod vod = new ScriptedVod();

	private final RecordingBudget budget = new RecordingBudget();

	private GuardedUpstream guarded(String... properties) {
		Map<String, String> map = new HashMap<>(Map.of("playgate.upstream.call-timeout", "1s",
				"playgate.upstream.circuit-breaker.sliding-window", "4",
				"playgate.upstream.circuit-breaker.minimum-calls", "4",
				"playgate.upstream.circuit-breaker.wait-in-open-state", "10s"));
		for (int i = 0; i < properties.length; i += 2) {
			map.put(properties[i], properties[i + 1]);
		}
		return GuardedUpstream.of(vod, budget, UpstreamPropertiesTest.bind(map), time, time.scheduler(),
				registry);
	}

	@Test
	void answerPassesThroughForOnePermit() {
		Served served = fetchNow(guarded());

		assertThat(served.status()).isEqualTo(CacheStatus.MISS);
		assertThat(vod.calls.get()).isEqualTo(1);
		assertThat(budget.priorities()).containsExactly(Priority.USER);
	}

	@Test
	void refreshAsksTheBudgetAsARefresh() {
		guarded().fetch(REQUEST.asRefresh()).toFuture().join();

		assertThat(budget.priorities()).containsExactly(Priority.REFRESH);
	}

	@Test
	void throttledAttemptsAreRetriedEachPayingANewPermit() {
		vod.script(failure(Kind.THROTTLED), failure(Kind.THROTTLED));

		CompletableFuture<Served> result = guarded().fetch(REQUEST).toFuture();
		time.advance(Duration.ofSeconds(2));

		assertThat(result).isCompleted();
		assertThat(vod.calls.get()).isEqualTo(3);
		assertThat(budget.priorities()).hasSize(3);
		assertThat(budget.throttled()).isEqualTo(2);
	}

	@Test
	void retriesWaitWithBackoff() {
		vod.script(failure(Kind.UNAVAILABLE));

		CompletableFuture<Served> result = guarded("playgate.upstream.retry.jitter", "0").fetch(REQUEST).toFuture();
		time.advance(Duration.ofMillis(99));
		assertThat(vod.calls.get()).isEqualTo(1);
		time.advance(Duration.ofMillis(1));

		assertThat(vod.calls.get()).isEqualTo(2);
		assertThat(result).isCompleted();
		assertThat(budget.throttled()).as("only throttling shrinks the budget").isZero();
	}

	@Test
	void throttlingOnEveryAttemptEndsBusyWithRetryAfter() {
		vod.script(failure(Kind.THROTTLED), failure(Kind.THROTTLED), failure(Kind.THROTTLED));

		CompletableFuture<Served> result = guarded().fetch(REQUEST).toFuture();
		time.advance(Duration.ofSeconds(5));

		UpstreamBusyException busy = failureOf(result, UpstreamBusyException.class);
		assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(busy.getMessage()).contains("throttling");
		assertThat(vod.calls.get()).isEqualTo(3);
		assertThat(budget.priorities()).hasSize(3);
	}

	@Test
	void definitiveAnswersAndMisconfigurationAreNotRetried() {
		vod.script(() -> Mono.error(new VideoNotFoundException("gone")),
				() -> Mono.error(new UpstreamMisconfiguredException("bad key")));
		GuardedUpstream guarded = guarded();

		assertThatThrownBy(() -> guarded.fetch(REQUEST).toFuture().join()).hasCauseInstanceOf(
				VideoNotFoundException.class);
		assertThatThrownBy(() -> guarded.fetch(REQUEST).toFuture().join()).hasCauseInstanceOf(
				UpstreamMisconfiguredException.class);
		assertThat(vod.calls.get()).isEqualTo(2);
	}

	@Test
	void unreadableAnswerIsNotRetriedAndEndsBusy() {
		vod.script(failure(Kind.FAULTY));

		CompletableFuture<Served> result = guarded().fetch(REQUEST).toFuture();

		assertThat(failureOf(result, UpstreamBusyException.class).retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(vod.calls.get()).isEqualTo(1);
	}

	@Test
	void budgetRefusalCallsNothingAndPassesUnchanged() {
		budget.refuse(new UpstreamBusyException("spent", Duration.ofSeconds(7)));
		GuardedUpstream guarded = guarded();

		for (int i = 0; i < 10; i++) {
			UpstreamBusyException busy = failureOf(guarded.fetch(REQUEST).toFuture(), UpstreamBusyException.class);
			assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		}

		assertThat(vod.calls.get()).isZero();
		assertThat(breakerState("closed")).as("refusals are not breaker failures").isEqualTo(1.0);
	}

	@Test
	void breakerOpensAfterFailuresAndShedsWithoutSpendingPermits() {
		GuardedUpstream guarded = guarded("playgate.upstream.retry.max-attempts", "1");
		vod.script(failure(Kind.UNAVAILABLE), failure(Kind.UNAVAILABLE), failure(Kind.UNAVAILABLE),
				failure(Kind.UNAVAILABLE));
		for (int i = 0; i < 4; i++) {
			failureOf(guarded.fetch(REQUEST).toFuture(), UpstreamBusyException.class);
		}
		time.advance(Duration.ofMillis(3_500));

		UpstreamBusyException busy = failureOf(guarded.fetch(REQUEST).toFuture(), UpstreamBusyException.class);

		assertThat(breakerState("open")).isEqualTo(1.0);
		assertThat(busy.retryAfter()).as("rest of the open state, rounded up").isEqualTo(Duration.ofSeconds(7));
		assertThat(vod.calls.get()).isEqualTo(4);
		assertThat(budget.priorities()).hasSize(4);
	}

	@Test
	void throttlingNeverOpensTheBreaker() {
		GuardedUpstream guarded = guarded("playgate.upstream.retry.max-attempts", "1");
		vod.script(failure(Kind.THROTTLED), failure(Kind.THROTTLED), failure(Kind.THROTTLED),
				failure(Kind.THROTTLED), failure(Kind.THROTTLED));
		for (int i = 0; i < 5; i++) {
			failureOf(guarded.fetch(REQUEST).toFuture(), UpstreamBusyException.class);
		}

		assertThat(breakerState("closed")).isEqualTo(1.0);
		assertThat(vod.calls.get()).isEqualTo(5);
		assertThat(budget.throttled()).as("the budget shrinks instead").isEqualTo(5);
	}

	@Test
	void breakerClosesAgainWhenTrialCallsSucceed() {
		GuardedUpstream guarded = guarded("playgate.upstream.retry.max-attempts", "1");
		vod.script(failure(Kind.UNAVAILABLE), failure(Kind.UNAVAILABLE), failure(Kind.UNAVAILABLE),
				failure(Kind.UNAVAILABLE));
		for (int i = 0; i < 4; i++) {
			failureOf(guarded.fetch(REQUEST).toFuture(), UpstreamBusyException.class);
		}

		// resilience4j lets trial calls through once the wait is strictly over
		time.advance(Duration.ofMillis(10_001));
		for (int i = 0; i < 3; i++) {
			fetchNow(guarded);
		}

		assertThat(breakerState("closed")).isEqualTo(1.0);
		assertThat(vod.calls.get()).isEqualTo(7);
	}

	@Test
	void notFoundAnswersNeverOpenTheBreaker() {
		GuardedUpstream guarded = guarded();
		for (int i = 0; i < 10; i++) {
			vod.script(() -> Mono.error(new VideoNotFoundException("gone")));
			assertThatThrownBy(() -> guarded.fetch(REQUEST).toFuture().join())
				.hasCauseInstanceOf(VideoNotFoundException.class);
		}

		assertThat(breakerState("closed")).isEqualTo(1.0);
	}

	@Test
	void hungCallTimesOutAndCountsAsABreakerFailure() {
		vod.script(Mono::never);

		CompletableFuture<Served> result = guarded().fetch(REQUEST).toFuture();
		time.advance(Duration.ofMillis(999));
		assertThat(result).isNotDone();
		time.advance(Duration.ofMillis(1));

		failureOf(result, UpstreamTimeoutException.class);
		assertThat(registry.get("resilience4j.circuitbreaker.calls").tag("name", "vod-play-auth")
			.tag("kind", "failed").timer().count()).isEqualTo(1);
	}

	@Test
	void theCallIsHandedToItsSchedulerBeforeItsTimeoutIsArmed() {
		CountingScheduler timers = CountingScheduler.over(time.scheduler());
		AtomicInteger armedAtHandOff = new AtomicInteger(-1);
		Scheduler sdk = Schedulers.fromExecutor(task -> {
			armedAtHandOff.set(timers.timers());
			task.run();
		});
		vod.script(() -> Mono.fromSupplier(() -> new Served(ScriptedVod.credential(REQUEST.key()), CacheStatus.MISS))
			.subscribeOn(sdk));
		GuardedUpstream guarded = GuardedUpstream.of(vod, budget,
				UpstreamPropertiesTest.bind(Map.of("playgate.upstream.call-timeout", "1s")), time, timers, registry);

		assertThat(guarded.fetch(REQUEST).toFuture()).isCompleted();

		assertThat(armedAtHandOff).hasValue(0);
	}

	@Test
	void callsBeyondTheBulkheadAreShed() {
		GuardedUpstream guarded = guarded("playgate.upstream.max-concurrent-calls", "1");
		vod.script(Mono::never);
		CompletableFuture<Served> hung = guarded.fetch(REQUEST).toFuture();

		UpstreamBusyException busy = failureOf(guarded.fetch(REQUEST).toFuture(), UpstreamBusyException.class);
		assertThat(busy.getMessage()).contains("in flight");

		time.advance(Duration.ofSeconds(1));
		assertThat(hung).isCompletedExceptionally();
		assertThat(fetchNow(guarded).status()).as("the timed-out call freed its slot").isEqualTo(CacheStatus.MISS);
	}

	@Test
	void resilienceMetricsArePublished() {
		guarded();

		assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", "vod-play-info").gauges())
			.isNotEmpty();
		assertThat(registry.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", "vod").gauge())
			.isNotNull();
		assertThat(registry.find("resilience4j.retry.calls").tag("name", "vod-play-auth").meters()).isNotEmpty();
	}

	private Served fetchNow(GuardedUpstream guarded) {
		CompletableFuture<Served> result = guarded.fetch(REQUEST).toFuture();
		assertThat(result).isCompleted();
		return result.join();
	}

	private double breakerState(String state) {
		return registry.get("resilience4j.circuitbreaker.state").tag("name", "vod-play-auth").tag("state", state)
			.gauge().value();
	}

	private static <T extends Throwable> T failureOf(CompletableFuture<?> result, Class<T> type) {
		assertThat(result).isCompletedExceptionally();
		try {
			result.join();
		}
		catch (CompletionException ex) {
			assertThat(ex.getCause()).isInstanceOf(type);
			return type.cast(ex.getCause());
		}
		throw new AssertionError("not failed");
	}

	private static Supplier<Mono<Served>> failure(Kind kind) {
		return () -> Mono.error(new UpstreamFailedException(kind, kind == Kind.THROTTLED
				? "VOD is throttling the gateway (Throttling.User)" : "VOD failed to answer"));
	}

	/** The VOD stage, played from a script; answers with a fresh credential once the script is done. */
	private static final class ScriptedVod implements CredentialSource {

		final AtomicInteger calls = new AtomicInteger();
		private final Deque<Supplier<Mono<Served>>> script = new ArrayDeque<>();

		@SafeVarargs
		final void script(Supplier<Mono<Served>>... answers) {
			script.addAll(List.of(answers));
		}

		@Override
		public Mono<Served> fetch(CredentialRequest request) {
			calls.incrementAndGet();
			Supplier<Mono<Served>> next = script.poll();
			return next != null ? next.get() : Mono.just(new Served(credential(request.key()), CacheStatus.MISS));
		}

		private static Credential credential(CredentialKey key) {
			Instant now = FakeTime.START;
			return new Credential(key, "{}".getBytes(StandardCharsets.UTF_8), now, now.plusSeconds(100));
		}
	}
}
