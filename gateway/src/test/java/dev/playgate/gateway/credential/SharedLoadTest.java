package dev.playgate.gateway.credential;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** One caller's wait for a load shared with others. */
final class SharedLoadTest {

	private static final Duration BOUND = Duration.ofSeconds(5);

	@Test
	void eachCallerGetsTheLoadsValue() {
		CompletableFuture<String> load = new CompletableFuture<>();
		StepVerifier first = StepVerifier.create(SharedLoad.join(load)).expectNext("credential").expectComplete().verifyLater();
		StepVerifier second = StepVerifier.create(SharedLoad.join(load)).expectNext("credential").expectComplete().verifyLater();

		load.complete("credential");

		first.verify(BOUND);
		second.verify(BOUND);
	}

	@Test
	void aFailureReachesTheCallerUnwrapped() {
		CompletableFuture<String> outcome = new CompletableFuture<>();
		CompletableFuture<String> load = outcome.thenApply(value -> value); // a dependent load fails wrapped
		UpstreamBusyException busy = new UpstreamBusyException("upstream call budget exhausted", Duration.ofSeconds(1));
		StepVerifier waiting = StepVerifier.create(SharedLoad.join(load)).expectErrorMatches(busy::equals).verifyLater();

		outcome.completeExceptionally(busy);

		waiting.verify(BOUND);
		StepVerifier.create(SharedLoad.join(load)).expectErrorMatches(busy::equals).verify(BOUND);
	}

	@Test
	void aLoadAlreadyDoneAnswersAtOnceValueEmptyOrFailure() {
		StepVerifier.create(SharedLoad.join(CompletableFuture.completedFuture("credential")))
			.expectNext("credential")
			.verifyComplete();
		StepVerifier.create(SharedLoad.join(CompletableFuture.<String>completedFuture(null))).verifyComplete();
		IllegalStateException failure = new IllegalStateException("failed");
		StepVerifier.create(SharedLoad.join(CompletableFuture.<String>failedFuture(failure)))
			.expectErrorMatches(failure::equals)
			.verify(BOUND);
	}

	@Test
	void aCallerThatGoesAwayLeavesTheLoadRunningAndItsLaterFailureIsDroppedNowhere() {
		CompletableFuture<String> load = new CompletableFuture<>();
		Disposable gone = SharedLoad.join(load).subscribe(value -> { }, failure -> { });
		StepVerifier staying = StepVerifier.create(SharedLoad.join(load)).expectError(UpstreamBusyException.class).verifyLater();
		gone.dispose();

		try (DroppedErrors dropped = DroppedErrors.record()) {
			load.completeExceptionally(new UpstreamBusyException("upstream call budget exhausted", Duration.ofSeconds(1)));

			staying.verify(BOUND);
			assertThat(load.isCancelled()).as("the others' load is not cancelled").isFalse();
			assertThat(dropped.dropped()).isEmpty();
		}
	}
}
