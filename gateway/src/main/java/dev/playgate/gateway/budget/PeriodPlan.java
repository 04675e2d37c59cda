package dev.playgate.gateway.budget;

import java.time.Duration;

/**
 * How a per-second budget is cut into fixed refresh periods so that no sliding one-second window ever holds more
 * than the budget.
 *
 * <p>
 * A limiter with fixed periods of length {@code T} hands out at most {@code L} permits per period, and every permit
 * is used inside its own period (a waiting caller is released at the start of the period that pays for it). A
 * one-second window that does not start on a period boundary overlaps {@code k + 1} periods when {@code k * T >= 1 s},
 * so it can hold {@code (k + 1) * L} calls. Choosing {@code L = floor(P / (k + 1))} keeps every window at or under
 * {@code P}; the price is that the limiter lets through only {@code k * L} calls per second on average, about
 * {@code k / (k + 1)} of the budget (90% with ten periods). One-second periods would instead allow {@code 2 * P} in
 * a window that straddles a boundary. More, shorter periods would waste less but make the bound depend on every call
 * reaching VOD within one short period of its permit, so periods stay at 100 ms or longer.
 *
 * @param periodsPerSecond {@code k}, 1 to 10
 * @param period {@code T} = ceil(1 s / k), so that {@code k} periods cover at least a full second
 * @param permitsPerPeriod {@code L}, at least 1
 */
record PeriodPlan(int periodsPerSecond, Duration period, int permitsPerPeriod) {

	/** The most periods per second: below 100 ms, scheduling jitter would move calls across period boundaries. */
	static final int MAX_PERIODS_PER_SECOND = 10;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/** The plan that lets the most calls through for a budget of {@code permitsPerSecond} (at least 2). */
	static PeriodPlan of(int permitsPerSecond) {
		int bestPeriods = 1;
		for (int k = 2; k <= MAX_PERIODS_PER_SECOND; k++) {
			// ties go to more periods: smaller bursts, shorter waits
			if (throughput(permitsPerSecond, k) >= throughput(permitsPerSecond, bestPeriods)) {
				bestPeriods = k;
			}
		}
		long periodNanos = (NANOS_PER_SECOND + bestPeriods - 1) / bestPeriods;
		return new PeriodPlan(bestPeriods, Duration.ofNanos(periodNanos), permitsPerSecond / (bestPeriods + 1));
	}

	private static int throughput(int permitsPerSecond, int periods) {
		return periods * (permitsPerSecond / (periods + 1));
	}

	/** The permits per second this plan lets through at a given per-period limit. */
	int permitsPerSecondAt(int limitForPeriod) {
		return periodsPerSecond * limitForPeriod;
	}
}
