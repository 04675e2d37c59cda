package dev.playgate.gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetricsPublisher;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The guarded upstream stage: every attempt passes a circuit breaker, takes a budget permit, enters a bulkhead and
 * runs under a timeout; throttled and failed (5xx, unreachable) attempts are retried with exponential backoff and
 * jitter, each retry paying for a new permit. What leaves this stage is one of the public credential exceptions:
 * {@link UpstreamBusyException} with a {@code Retry-After} when the budget, the breaker, the bulkhead or VOD's
 * throttling stops the call.
 *
 * <p>
 * Order, outermost first: retry, then per attempt breaker, budget, bulkhead, timeout, VOD. The breaker sits outside
 * the budget so an open breaker spends no permit; the retry sits outside the budget so each retry is paid for; the
 * timeout sits inside the bulkhead so a hung call holds its slot until it is given up. Throttling reports go to the
 * budget, which shrinks.
 *
 * <p>
 * Metrics: resilience4j's breaker ({@code name=vod-play-auth}, {@code vod-play-info}), bulkhead ({@code vod}) and
 * retry metrics on the given registry.
 */
public final class GuardedUpstream implements CredentialSource {

	private final CredentialSource vod;
	private final UpstreamBudget budget;
	private final Duration callTimeout;
	private final Scheduler scheduler;
	private final Bulkhead bulkhead;
	private final Map<Action, UpstreamBreaker> breakers;
	private final Map<Action, Retry> retries;

	private GuardedUpstream(CredentialSource vod, UpstreamBudget budget, Duration callTimeout, Scheduler scheduler,
			Bulkhead bulkhead, Map<Action, UpstreamBreaker> breakers, Map<Action, Retry> retries) {
		this.vod = vod;
		this.budget = budget;
		this.callTimeout = callTimeout;
		this.scheduler = scheduler;
		this.bulkhead = bulkhead;
		this.breakers = breakers;
		this.retries = retries;
	}

	/**
	 * Guards {@code vod} (the VOD stage) with {@code budget} and the breaker, bulkhead, retry and timeout settings of
	 * {@code properties}; the breaker's open-state wait runs on {@code clock}, timeouts and backoffs on
	 * {@code scheduler}, and all resilience4j metrics go to {@code registry}.
	 */
	public static GuardedUpstream of(CredentialSource vod, UpstreamBudget budget, UpstreamProperties properties,
			Clock clock, Scheduler scheduler, MeterRegistry registry) {
		Bulkhead bulkhead = bulkhead(properties.maxConcurrentCalls(), registry);
		RetryConfig retryConfig = retryConfig(properties.retry());
		TaggedRetryMetricsPublisher retryMetrics = new TaggedRetryMetricsPublisher(registry);
		Map<Action, UpstreamBreaker> breakers = new EnumMap<>(Action.class);
		Map<Action, Retry> retries = new EnumMap<>(Action.class);
		for (Action action : Action.values()) {
			String name = "vod-" + action.pathSegment();
			breakers.put(action, UpstreamBreaker.of(name, properties.circuitBreaker(), clock, registry));
			Retry retry = Retry.of(name, retryConfig);
			retryMetrics.publishMetrics(retry);
			retries.put(action, retry);
		}
		return new GuardedUpstream(vod, budget, properties.callTimeout(), scheduler, bulkhead, breakers, retries);
	}

	private static Bulkhead bulkhead(int maxConcurrentCalls, MeterRegistry registry) {
		// no waiting: a call beyond the bulkhead is shed at once rather than queued behind a slow VOD
		Bulkhead bulkhead = Bulkhead.of("vod", BulkheadConfig.custom()
			.maxConcurrentCalls(maxConcurrentCalls)
			.maxWaitDuration(Duration.ZERO)
			.writableStackTraceEnabled(false)
			.build());
		new TaggedBulkheadMetricsPublisher(registry).publishMetrics(bulkhead);
		return bulkhead;
	}

	private static RetryConfig retryConfig(UpstreamProperties.Retries retry) {
		return RetryConfig.custom()
			.maxAttempts(retry.maxAttempts())
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(), 2.0, retry.jitter(),
					retry.maxBackoff()))
			.retryOnException(GuardedUpstream::isRetryable)
			.build();
	}

	private static boolean isRetryable(Throwable failure) {
		return failure instanceof UpstreamFailedException failed && failed.isRetryable();
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		Action action = request.key().action();
		return Mono.defer(() -> attempt(request, action))
			.transform(ScheduledRetry.of(retries.get(action), scheduler))
			.onErrorMap(failure -> toPublic(failure, action));
	}

	private Mono<Served> attempt(CredentialRequest request, Action action) {
		// the call is subscribed first, so its hand-off to the SDK scheduler is on its way before the timeout's timer
		// is armed (waking the timer thread); whichever signals first wins and the other is cancelled, as timeout() does
		Mono<Served> call = Mono
			.firstWithSignal(Mono.defer(() -> vod.fetch(request)),
					Mono.delay(callTimeout, scheduler)
						.then(Mono.error(() -> new UpstreamTimeoutException("VOD did not answer in time"))))
			.transformDeferred(BulkheadOperator.of(bulkhead));
		return budget.acquire(action, request.priority(), request.client())
			.then(call)
			.transformDeferred(CircuitBreakerOperator.of(breakers.get(action).circuitBreaker()))
			.doOnError(UpstreamFailedException.class, failure -> reportThrottling(failure, action));
	}

	private void reportThrottling(UpstreamFailedException failure, Action action) {
		if (failure.kind() == UpstreamFailedException.Kind.THROTTLED) {
			budget.onThrottled(action);
		}
	}

	private Throwable toPublic(Throwable failure, Action action) {
		if (failure instanceof CallNotPermittedException) {
			return new UpstreamBusyException("VOD is failing; calls are paused", breakers.get(action).retryAfter());
		}
		if (failure instanceof BulkheadFullException) {
			return new UpstreamBusyException("too many VOD calls in flight; retry later", Duration.ofSeconds(1));
		}
		if (failure instanceof UpstreamFailedException failed) {
			return new UpstreamBusyException(failed.getMessage(), Duration.ofSeconds(1));
		}
		return failure;
	}

	@Override
	public String toString() {
		return "GuardedUpstream[" + vod + ", " + budget + "]";
	}
}
