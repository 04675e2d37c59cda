package dev.playgate.emulator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A sliding-log quota: a call is admitted only if fewer than {@code limit} calls were admitted in the second before
 * it, i.e. no one-second window ever holds more than {@code limit} admitted calls.
 *
 * <p>Lock-free: admission {@code n} claims its ticket by a CAS on the admission counter, then writes its time into
 * ring slot {@code n % limit} and publishes the ticket number in the same slot. A caller deciding admission
 * {@code n} reads slot {@code n % limit}, which holds admission {@code n - limit}; if that writer has claimed but
 * not yet published, the caller spins for the few nanoseconds it takes.
 */
final class SlidingQuota implements Quota {

	private static final long WINDOW_MILLIS = 1000;

	private final int limit;
	private final AtomicLong admitted = new AtomicLong();
	private final AtomicLongArray times;
	private final AtomicLongArray tickets;

	SlidingQuota(int limit) {
		this.limit = limit;
		this.times = new AtomicLongArray(limit);
		this.tickets = new AtomicLongArray(limit);
	}

	@Override
	public boolean tryAcquire(long nowMillis) {
		while (true) {
			long ticket = admitted.get();
			int slot = (int) (ticket % limit);
			if (ticket >= limit) {
				if (tickets.get(slot) != ticket - limit) {
					Thread.onSpinWait();
					continue;
				}
				if (times.get(slot) > nowMillis - WINDOW_MILLIS) {
					return false;
				}
			}
			if (admitted.compareAndSet(ticket, ticket + 1)) {
				times.set(slot, nowMillis);
				tickets.set(slot, ticket);
				return true;
			}
		}
	}

	@Override
	public int limit() {
		return limit;
	}
}
