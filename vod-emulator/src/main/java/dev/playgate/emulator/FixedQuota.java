package dev.playgate.emulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-window quota: at most {@code limit} admitted calls per calendar second. The second and the count share
 * one atomic long (second in the high 40 bits, count in the low 24), so admission is a single CAS.
 */
final class FixedQuota implements Quota {

	private static final int COUNT_BITS = 24;
	private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

	private final int limit;
	private final AtomicLong state = new AtomicLong();

	FixedQuota(int limit) {
		this.limit = Math.min(limit, (int) COUNT_MASK);
	}

	@Override
	public boolean tryAcquire(long nowMillis) {
		long second = Math.floorDiv(nowMillis, 1000);
		while (true) {
			long current = state.get();
			// a call stamped just before another thread opened the next second counts in that newer second
			long window = Math.max(second, current >>> COUNT_BITS);
			long count = window == current >>> COUNT_BITS ? current & COUNT_MASK : 0;
			if (count >= limit) {
				return false;
			}
			if (state.compareAndSet(current, (window << COUNT_BITS) | (count + 1))) {
				return true;
			}
		}
	}

	@Override
	public int limit() {
		return limit;
	}
}
