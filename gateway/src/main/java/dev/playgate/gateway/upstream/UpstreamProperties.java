package dev.playgate.gateway.upstream;

import java.time.Duration;

import dev.playgate.gateway.budget.BudgetPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway guards its calls to VOD ({@code playgate.upstream.*}).
 *
 * @param permitsPerSecond upstream calls per second per action for the whole cluster (VOD allows 360)
 * @param maxWait the longest a user-facing call waits for a permit before it is shed with 503 + Retry-After
 * @param refreshReserve share of each period's permits that background refreshes leave to users (0 to 1)
 * @param throttleRecovery how long the budget takes to grow back to full after VOD answered {@code Throttling.*}
 * @param maxConcurrentCalls calls in flight at once (bulkhead); also the thread cap of the SDK scheduler
 * @param callTimeout the longest one attempt may take; keep it above the SDK's connect plus read timeout
 * @param retry retries of throttled and failed (5xx, unreachable) attempts; each retry costs a new permit
 * @param circuitBreaker when to stop calling a failing VOD for a while
 * @param fairShare whether misses waiting for permits are let in round-robin per client (on by default; see the README)
 */
@ConfigurationProperties("playgate.upstream")
public record UpstreamProperties(@DefaultValue("300") int permitsPerSecond, @DefaultValue("500ms") Duration maxWait,
		@DefaultValue("0.2") double refreshReserve, @DefaultValue("10s") Duration throttleRecovery,
		@DefaultValue("64") int maxConcurrentCalls, @DefaultValue("5s") Duration callTimeout,
		@DefaultValue Retries retry, @DefaultValue Breaker circuitBreaker, @DefaultValue("true") boolean fairShare) {

	/** Checks every value; the budget values are checked by {@link BudgetPolicy}. */
	public UpstreamProperties {
		budgetPolicy(permitsPerSecond, maxWait, refreshReserve, throttleRecovery, fairShare);
		if (maxConcurrentCalls < 1 || maxConcurrentCalls > 1024) {
			throw new IllegalArgumentException(
					"playgate.upstream.max-concurrent-calls must be within 1..1024: " + maxConcurrentCalls);
		}
		requirePositive("playgate.upstream.call-timeout", callTimeout, Duration.ofMinutes(5));
	}

	private static BudgetPolicy budgetPolicy(int permits, Duration maxWait, double reserve, Duration recovery,
			boolean fairShare) {
		return new BudgetPolicy(permits, maxWait, reserve, recovery, fairShare);
	}

	private static void requirePositive(String key, Duration value, Duration max) {
		if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
			throw new IllegalArgumentException(key + " must be positive and at most " + max + ": " + value);
		}
	}

	/** The budget rules these properties describe. */
	public BudgetPolicy budget() {
		return budgetPolicy(permitsPerSecond, maxWait, refreshReserve, throttleRecovery, fairShare);
	}

	/**
	 * Retries of an attempt that VOD throttled or failed (HTTP 5xx, unreachable). Backoff grows exponentially from
	 * {@code initialBackoff} to {@code maxBackoff}, each wait randomised by ±{@code jitter}.
	 *
	 * @param maxAttempts attempts in total, the first included (1 = no retry)
	 * @param initialBackoff the wait before the first retry
	 * @param maxBackoff the longest wait between attempts
	 * @param jitter randomisation factor of each wait, within [0, 1)
	 */
	public record Retries(@DefaultValue("3") int maxAttempts, @DefaultValue("100ms") Duration initialBackoff,
			@DefaultValue("2s") Duration maxBackoff, @DefaultValue("0.5") double jitter) {

		/** Checks every value. */
		public Retries {
			if (maxAttempts < 1 || maxAttempts > 10) {
				throw new IllegalArgumentException(
						"playgate.upstream.retry.max-attempts must be within 1..10: " + maxAttempts);
			}
			requirePositive("playgate.upstream.retry.initial-backoff", initialBackoff, Duration.ofMinutes(1));
			requirePositive("playgate.upstream.retry.max-backoff", maxBackoff, Duration.ofMinutes(1));
			if (maxBackoff.compareTo(initialBackoff) < 0) {
				throw new IllegalArgumentException("playgate.upstream.retry.max-backoff must not be below "
						+ "initial-backoff (" + initialBackoff + "): " + maxBackoff);
			}
			if (!(jitter >= 0 && jitter < 1)) {
				throw new IllegalArgumentException("playgate.upstream.retry.jitter must be within [0, 1): " + jitter);
			}
		}
	}

	/**
	 * The circuit breaker of each action. Only throttling, 5xx, unreachable, malformed answers and timeouts count as
	 * failures; "video not found" and friends are answers, and bad credentials are not cured by waiting.
	 *
	 * @param failureRateThreshold failure percentage (0, 100] over the window that opens the breaker
	 * @param slidingWindow number of recent calls the rate is computed over
	 * @param minimumCalls calls needed in the window before the rate counts
	 * @param waitInOpenState how long the breaker stays open before letting trial calls through
	 * @param permittedCallsInHalfOpen trial calls that decide whether to close again
	 */
	public record Breaker(@DefaultValue("50") float failureRateThreshold, @DefaultValue("20") int slidingWindow,
			@DefaultValue("10") int minimumCalls, @DefaultValue("10s") Duration waitInOpenState,
			@DefaultValue("3") int permittedCallsInHalfOpen) {

		/** Checks every value. */
		public Breaker {
			if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
				throw new IllegalArgumentException(
						"playgate.upstream.circuit-breaker.failure-rate-threshold must be within (0, 100]: "
								+ failureRateThreshold);
			}
			if (slidingWindow < 1 || minimumCalls < 1) {
				throw new IllegalArgumentException("playgate.upstream.circuit-breaker.sliding-window and minimum-calls "
						+ "must be at least 1: " + slidingWindow + ", " + minimumCalls);
			}
			requirePositive("playgate.upstream.circuit-breaker.wait-in-open-state", waitInOpenState,
					Duration.ofHours(1));
			if (permittedCallsInHalfOpen < 1) {
				throw new IllegalArgumentException(
						"playgate.upstream.circuit-breaker.permitted-calls-in-half-open must be at least 1: "
								+ permittedCallsInHalfOpen);
			}
		}
	}
}
