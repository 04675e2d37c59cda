package dev.playgate.emulator;

/** A per-action call quota: admits at most a number of calls per second of the emulator's clock. */
interface Quota {

	/** Admits the call (and counts it) or refuses it. */
	boolean tryAcquire(long nowMillis);

	/** The calls admitted per second. */
	int limit();

	static Quota of(QuotaWindow window, int limit) {
		return window == QuotaWindow.FIXED ? new FixedQuota(limit) : new SlidingQuota(limit);
	}
}
