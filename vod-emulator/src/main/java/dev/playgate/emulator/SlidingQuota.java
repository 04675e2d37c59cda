package dev.playgate.emulator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A sliding-log quota: a call is admitted only if fewer than {@code limit} calls were admitted in the second before
 * it, i.e. no one-second window ever holds more than {@code limit} admitted calls.
 *
 * <p>Lock-free and wait-free of other callers' progress: admission {@code n} lives in ring slot {@code n % limit},
 * which holds admission {@code n - limit} until then. One long packs the admission's ticket (low
 * {@value #TICKET_BITS} bits) and its time (the high bits). A caller deciding admission {@code n} reads the slot:
 * if it still holds ticket {@code n - limit} it compares that admission's time with its own and claims the slot by
 * a CAS of the whole long; if another caller already claimed ticket {@code n}, it helps by advancing the admission
 * counter and tries again, so nobody ever waits for a descheduled thread. Times need 43 bits (until year 2109).
 */
final class SlidingQuota implements Quota {

	private static final long WINDOW_MILLIS = 1000;
	private static final int TICKET_BITS = 21;
	private static final long TICKET_MASK = (1L << TICKET_BITS) - 1;

	private final int limit;
	private final AtomicLong admitted = new AtomicLong();
	private final AtomicLongArray slots;

	SlidingQuota(int limit) {
		if (limit <= 0 || limit > TICKET_MASK / 2) {
			throw new IllegalArgumentException("sliding quota limit must be 1-" + TICKET_MASK / 2 + ": " + limit);
		}
		this.limit = limit;
		this.slots = new AtomicLongArray(limit);
		for (int i = 0; i < limit; i++) {
			slots.set(i, pack(i - limit, Long.MIN_VALUE));
		}
	}

	@Override
	public boolean tryAcquire(long nowMillis) {
		while (true) {
			long ticket = admitted.get();
			int slot = (int) (ticket % limit);
			long current = slots.get(slot);
			long held = current & TICKET_MASK;
			if (held == (ticket & TICKET_MASK)) {
				admitted.compareAndSet(ticket, ticket + 1);
				continue;
			}
			if (held != ((ticket - limit) & TICKET_MASK)) {
				continue; // our ticket is stale: others admitted a full ring meanwhile
			}
			if (ticket >= limit && (current >> TICKET_BITS) > nowMillis - WINDOW_MILLIS) {
				return false;
			}
			if (slots.compareAndSet(slot, current, pack(ticket, nowMillis))) {
				admitted.compareAndSet(ticket, ticket + 1);
				return true;
			}
		}
	}

	@Override
	public int limit() {
		return limit;
	}

	private static long pack(long ticket, long millis) {
		long time = Math.max(millis, Long.MIN_VALUE >> TICKET_BITS);
		return (time << TICKET_BITS) | (ticket & TICKET_MASK);
	}
}
