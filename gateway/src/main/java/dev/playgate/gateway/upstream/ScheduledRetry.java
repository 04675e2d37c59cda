package dev.playgate.gateway.upstream;

import java.time.Duration;
import java.util.function.Function;

import io.github.resilience4j.retry.Retry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A resilience4j {@link Retry} as a Reactor operator whose backoffs are delays on the injected scheduler. The retry
 * decides (which failures, how many attempts, how long to back off) and counts its metrics; this operator only waits.
 * resilience4j's own reactor operator waits on Reactor's global timer, which tests cannot move.
 */
final class ScheduledRetry {

	private ScheduledRetry() {
	}

	/** Resubscribes to the upstream {@code Mono} after each failure {@code retry} accepts, after its backoff. */
	static <T> Function<Mono<T>, Mono<T>> of(Retry retry, Scheduler scheduler) {
		return attempt -> Mono.defer(() -> {
			Retry.AsyncContext<T> context = retry.asyncContext();
			return attempt.retryWhen(reactor.util.retry.Retry.withThrowable(failures -> failures.concatMap(failure -> {
				long backoffMillis = failure instanceof Exception ? context.onError(failure) : -1;
				return backoffMillis < 0 ? Mono.error(failure)
						: Mono.delay(Duration.ofMillis(backoffMillis), scheduler);
			}))).doOnSuccess(result -> context.onComplete());
		});
	}
}
