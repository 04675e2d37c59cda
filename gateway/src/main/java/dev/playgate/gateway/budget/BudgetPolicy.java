package dev.playgate.gateway.budget;

import java.time.Duration;

/**
 * The rules a local upstream budget enforces for each action. Values are checked here, with the configuration key
 * ({@code playgate.upstream.*}) they come from in every message.
 *
 * @param permitsPerSecond the most upstream calls of one action in any sliding one-second window (at least 2)
 * @param maxWait the longest a user-facing call waits for a permit before it is shed with a {@code Retry-After}
 * @param refreshReserve the share of each period's permits that background refreshes leave to users (0 to 1)
 * @param throttleRecovery how long the budget takes to climb back to full after VOD throttled a call
 * @param fairShare whether player calls waiting for a permit are let in round-robin per client ({@link FairBudget})
 */
public record BudgetPolicy(int permitsPerSecond, Duration maxWait, double refreshReserve, Duration throttleRecovery,
		boolean fairShare) {

	/** The smallest budget that can be kept in every sliding window with fixed refresh periods. */
	public static final int MIN_PERMITS_PER_SECOND = 2;

	/** Checks every rule. */
	public BudgetPolicy {
		if (permitsPerSecond < MIN_PERMITS_PER_SECOND) {
			throw new IllegalArgumentException(
					"playgate.upstream.permits-per-second must be at least 2: " + permitsPerSecond);
		}
		if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(30)) > 0) {
			throw new IllegalArgumentException("playgate.upstream.max-wait must be within 0s..30s: " + maxWait);
		}
		if (!(refreshReserve >= 0 && refreshReserve < 1)) {
			throw new IllegalArgumentException(
					"playgate.upstream.refresh-reserve must be within [0, 1): " + refreshReserve);
		}
		if (throttleRecovery.isNegative() || throttleRecovery.isZero()) {
			throw new IllegalArgumentException(
					"playgate.upstream.throttle-recovery must be positive: " + throttleRecovery);
		}
	}

	/** A policy with the default refresh reserve (20%) and throttle recovery (10 s), without the fair share. */
	public static BudgetPolicy of(int permitsPerSecond, Duration maxWait) {
		return new BudgetPolicy(permitsPerSecond, maxWait, 0.2, Duration.ofSeconds(10), false);
	}

	/** The same policy with another per-second budget, e.g. one replica's share of the cluster's. */
	public BudgetPolicy withPermitsPerSecond(int permits) {
		return new BudgetPolicy(permits, maxWait, refreshReserve, throttleRecovery, fairShare);
	}
}
