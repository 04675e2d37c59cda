package dev.playgate.gateway.budget;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One caller's token bucket, kept as the generic cell rate algorithm's single number: the theoretical arrival time of
 * the next request. A request at {@code now} pushes it one emission interval past {@code max(tat, now)}; it is allowed
 * while that stays within the burst allowance of {@code now}. One compare-and-set per request, no lock, no refill
 * task.
 */
final class ClientBucket {

	private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

	/**
	 * Takes a token at {@code nowNanos} if one is left.
	 * @param nowNanos the ticker's reading
	 * @param intervalNanos nanoseconds between two requests at the sustained rate
	 * @param allowanceNanos the burst as time: {@code burst * intervalNanos}
	 * @return 0 when allowed, otherwise the nanoseconds until a token will be available
	 */
	long tryAcquire(long nowNanos, long intervalNanos, long allowanceNanos) {
		while (true) {
			long tat = theoreticalArrival.get();
			long next = Math.max(tat, nowNanos) + intervalNanos;
			long excess = next - nowNanos - allowanceNanos;
			if (excess > 0) {
				return excess;
			}
			if (theoreticalArrival.compareAndSet(tat, next)) {
				return 0;
			}
		}
	}
}
