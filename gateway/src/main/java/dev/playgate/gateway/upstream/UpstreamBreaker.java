package dev.playgate.gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one action, and when it will let calls through again (for {@code Retry-After}).
 *
 * <p>
 * Failures are what a pause can cure: 5xx, unreachable, unreadable answers and timeouts. A definitive answer about
 * the video (not found, no stream, not playable) is a success: VOD is healthy. Everything else is ignored: bad
 * credentials (waiting does not fix them), refusals by the budget or the bulkhead (VOD was never called), and
 * throttling, which VOD answers when it is healthy but our account is over its quota: the budget shrinks for that
 * (throttle feedback), and opening the breaker on top would stop every call for the whole open period.
 */
final class UpstreamBreaker {

	private static final Logger log = LoggerFactory.getLogger(UpstreamBreaker.class);

	private final CircuitBreaker circuitBreaker;
	private final Clock clock;
	private final Duration waitInOpenState;
	private volatile Instant openUntil = Instant.MIN;
	private volatile @Nullable Throwable lastFailure;

	private UpstreamBreaker(CircuitBreaker circuitBreaker, Clock clock, Duration waitInOpenState) {
		this.circuitBreaker = circuitBreaker;
		this.clock = clock;
		this.waitInOpenState = waitInOpenState;
	}

	/** A breaker named {@code name} with the given settings, timed by {@code clock}, metrics on {@code registry}. */
	static UpstreamBreaker of(String name, UpstreamProperties.Breaker settings, Clock clock, MeterRegistry registry) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindow(settings.slidingWindow(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
			.waitDurationInOpenState(settings.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
			.recordException(UpstreamBreaker::isFailure)
			.ignoreException(failure -> !isFailure(failure) && !(failure instanceof VideoUnavailableException))
			.writableStackTraceEnabled(false)
			.clock(clock)
			.build();
		CircuitBreaker circuitBreaker = CircuitBreaker.of(name, config);
		new TaggedCircuitBreakerMetricsPublisher(registry).publishMetrics(circuitBreaker);
		UpstreamBreaker breaker = new UpstreamBreaker(circuitBreaker, clock, settings.waitInOpenState());
		circuitBreaker.getEventPublisher().onError(event -> breaker.lastFailure = event.getThrowable());
		circuitBreaker.getEventPublisher().onStateTransition(event -> breaker.onTransition(event.getStateTransition()));
		return breaker;
	}

	private static boolean isFailure(Throwable failure) {
		boolean failed = failure instanceof UpstreamFailedException upstream
				&& upstream.kind() != UpstreamFailedException.Kind.THROTTLED;
		return failed || failure instanceof UpstreamTimeoutException;
	}

	private void onTransition(CircuitBreaker.StateTransition transition) {
		if (transition.getToState() == CircuitBreaker.State.OPEN) {
			openUntil = clock.instant().plus(waitInOpenState);
			Throwable last = lastFailure;
			// the failure's kind and our own message only: never a request's text or a credential
			log.warn("circuit breaker {} opened: VOD calls pause for {} (last failure: {})", circuitBreaker.getName(),
					waitInOpenState, last == null ? "none" : last.getClass().getSimpleName() + ": " + last.getMessage());
		}
		else {
			log.info("circuit breaker {}: {}", circuitBreaker.getName(), transition);
		}
	}

	/** The resilience4j breaker, for the reactor operator. */
	CircuitBreaker circuitBreaker() {
		return circuitBreaker;
	}

	/** When calls are likely let through again: the rest of the open state in whole seconds, at least one. */
	Duration retryAfter() {
		Duration remaining = Duration.between(clock.instant(), openUntil);
		long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
		return Duration.ofSeconds(Math.max(1, seconds));
	}
}
