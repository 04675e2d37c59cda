package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

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
 * more than 1.1 s: arrivals keep within the limit per second even when they spread by up to 100 ms. The hold is a
 * delay on the injected scheduler, so it holds no thread, and it happens only when calls bunch: the budget lets
 * through about 90% of the limit. A caller that cancels while held forfeits its slot, which only makes the window
 * stricter.
 */
public final class SendWindow {

	/**
	 * The window sends are counted over: one second plus an allowance for the spread between a call leaving here and
	 * reaching VOD (connection pool, socket, VOD's own clock), so that arrivals, not just sends, stay within the limit.
	 */
	private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_100);

	private final Ticker ticker;
	private final Scheduler scheduler;
	private final long[] sends;
	private int oldest;
	private long latest = Long.MIN_VALUE / 4;

	SendWindow(int limit, Ticker ticker, Scheduler scheduler) {
		this.ticker = ticker;
		this.scheduler = scheduler;
		this.sends = new long[limit];
		Arrays.fill(sends, Long.MIN_VALUE / 4);
	}

	/**
	 * Sends one call in its turn: reserves the slot on subscription and, when the call may leave at once, subscribes
	 * to {@code call}'s send on the subscribing thread; otherwise holds it for a delay on the injected scheduler and
	 * subscribes then (a send that blocks moves itself to its own scheduler). {@code hold} learns, as the call leaves,
	 * how long it was held.
	 */
	public <T> Mono<T> send(Supplier<Mono<T>> call, LongConsumer hold) {
		return Mono.defer(() -> {
			long now = ticker.read();
			long holdNanos = reserve(now) - now;
			Mono<T> send = Mono.defer(() -> {
				hold.accept(holdNanos);
				return call.get();
			});
			return holdNanos == 0 ? send : Mono.delay(Duration.ofNanos(holdNanos), scheduler).then(send);
		});
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
