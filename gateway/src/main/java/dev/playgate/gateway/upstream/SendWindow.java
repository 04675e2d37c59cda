package dev.playgate.gateway.upstream;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The budget's backstop at the wire: an exact sliding-window pacer that lets at most {@code limit} calls of one
 * action leave for VOD in any one second, measured the moment each call is about to be sent.
 *
 * <p>
 * Why it exists: the budget grants permits in fixed periods so that no sliding second holds more grants than the
 * budget, but a grant is not a send. Timers that fire late on a busy machine, threads released together from a class
 * initialiser at a cold start, or a slow first connection let calls granted in different periods reach VOD in one
 * bunch, and VOD counts arrivals. This window looks at send times instead: the {@code i}-th send is held until
 * {@code max(now, send[i-1], send[i-limit] + 1.1 s)}, so sends are ordered and any {@code limit + 1} of them span
 * more than 1.1 s: arrivals keep within the limit per second even when they spread by up to 100 ms. It blocks the calling thread, which is always one of the SDK scheduler's (blocking is its job), and
 * only when calls bunch: the budget lets through about 90% of the limit. A wait is bounded by the calls already
 * reserved ahead of it, at most {@code threads / limit} seconds. A caller interrupted while waiting (its call was
 * given up) forfeits its slot, which only makes the window stricter.
 */
final class SendWindow {

	/**
	 * The window sends are counted over: one second plus an allowance for the spread between a call leaving here and
	 * reaching VOD (connection pool, socket, VOD's own clock), so that arrivals, not just sends, stay within the limit.
	 */
	private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_100);

	private final Ticker ticker;
	private final long[] sends;
	private int oldest;
	private long latest = Long.MIN_VALUE / 4;

	SendWindow(int limit, Ticker ticker) {
		this.ticker = ticker;
		this.sends = new long[limit];
		Arrays.fill(sends, Long.MIN_VALUE / 4);
	}

	/** Blocks until this call may be sent; {@code false} when interrupted first (the caller gave up the call). */
	boolean awaitTurn() {
		long sendAt = reserve(ticker.read());
		long remaining;
		while ((remaining = sendAt - ticker.read()) > 0) {
			LockSupport.parkNanos(remaining);
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/** Reserves the earliest send time at or after {@code now} that keeps every sliding second within the limit. */
	synchronized long reserve(long now) {
		long sendAt = Math.max(now, Math.max(latest, sends[oldest] + WINDOW_NANOS));
		sends[oldest] = sendAt;
		oldest = (oldest + 1) % sends.length;
		latest = sendAt;
		return sendAt;
	}
}
