package dev.playgate.emulator;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The exact maximum number of calls in any one-second window {@code [t, t + 1000 ms)} of the emulator's clock, at
 * millisecond resolution.
 *
 * <p>Recording is lock-free: the event loop only enqueues the call's millisecond. The counting happens off the hot
 * path ({@link #drain()}, from the maintenance tick and from every snapshot): queued calls go into a ring of
 * per-millisecond counts covering the last {@value #RING} ms, and the sums of every window that a new call can
 * belong to are recomputed with a running sum. Calls may arrive slightly out of order across event loops; any call
 * up to about three seconds late is still counted exactly.
 */
final class PeakWindow {

	private static final int RING = 4096;
	private static final int WINDOW = 1000;
	private static final long NONE = Long.MIN_VALUE;

	private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
	private final int[] counts = new int[RING];
	private long newest = NONE;
	private long dirtyFrom = Long.MAX_VALUE;
	private long peak;

	void record(long millis) {
		pending.offer(millis);
	}

	/** The peak so far, including every call recorded before this method was called. */
	synchronized long peak() {
		drain();
		return peak;
	}

	synchronized void drain() {
		Long millis;
		while ((millis = pending.poll()) != null) {
			add(millis);
		}
		evaluate();
	}

	synchronized void clear() {
		pending.clear();
		java.util.Arrays.fill(counts, 0);
		newest = NONE;
		dirtyFrom = Long.MAX_VALUE;
		peak = 0;
	}

	private void add(long millis) {
		if (newest == NONE) {
			newest = millis;
		}
		if (millis > newest) {
			// windows still to be summed need slots that advancing would overwrite: sum them first
			if (dirtyFrom != Long.MAX_VALUE && millis - RING >= dirtyFrom - WINDOW) {
				evaluate();
			}
			advance(millis);
		}
		if (millis - WINDOW < newest - RING) {
			return;
		}
		counts[slot(millis)]++;
		dirtyFrom = Math.min(dirtyFrom, millis);
	}

	private void advance(long millis) {
		if (millis - newest >= RING) {
			java.util.Arrays.fill(counts, 0);
		}
		else {
			for (long m = newest + 1; m <= millis; m++) {
				counts[slot(m)] = 0;
			}
		}
		newest = millis;
	}

	private void evaluate() {
		if (dirtyFrom == Long.MAX_VALUE) {
			return;
		}
		long sum = 0;
		for (long m = dirtyFrom - WINDOW + 1; m <= dirtyFrom; m++) {
			sum += count(m);
		}
		peak = Math.max(peak, sum);
		for (long end = dirtyFrom + 1; end <= newest; end++) {
			sum += count(end) - count(end - WINDOW);
			peak = Math.max(peak, sum);
		}
		dirtyFrom = Long.MAX_VALUE;
	}

	private int count(long millis) {
		return millis > newest || millis <= newest - RING ? 0 : counts[slot(millis)];
	}

	private static int slot(long millis) {
		return (int) Math.floorMod(millis, (long) RING);
	}
}
