package dev.playgate.gateway.credential;

import java.time.Duration;
import java.time.Instant;

/**
 * Instants as nanoseconds since the epoch, in a {@code long}: what a cached credential holds instead of
 * {@link Instant} objects, so a cache hit reads its times from the entry itself rather than from objects of their own.
 * Exact for every instant from 1677 to 2262; an instant outside that range is refused with an
 * {@link ArithmeticException}.
 */
public final class EpochNanos {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private EpochNanos() {
	}

	/** {@code instant} as nanoseconds since the epoch. */
	public static long of(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
	}

	/** The instant {@code epochNanos} nanoseconds after the epoch. */
	public static Instant toInstant(long epochNanos) {
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
				Math.floorMod(epochNanos, NANOS_PER_SECOND));
	}

	/** {@code duration} in nanoseconds, {@code Long.MAX_VALUE} (or {@code MIN_VALUE}) where it does not fit. */
	public static long saturated(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException tooLong) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	/** The whole seconds from {@code from} to {@code to}, rounded down (as {@code Duration.getSeconds}). */
	public static long wholeSeconds(long from, long to) {
		return Math.floorDiv(to - from, NANOS_PER_SECOND);
	}
}
