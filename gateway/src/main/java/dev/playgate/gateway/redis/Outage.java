package dev.playgate.gateway.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis is known to be unavailable, logged once per transition. While it is down, commands are skipped
 * except one probe per interval, so a slow Redis costs at most one command timeout per interval instead of one per
 * request.
 */
final class Outage {

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private final Ticker ticker;
	private final long probeIntervalNanos;
	private final Runnable onStart;
	private final AtomicBoolean down = new AtomicBoolean();
	private final AtomicLong epoch = new AtomicLong();
	private final AtomicLong nextProbe = new AtomicLong();

	Outage(Ticker ticker, java.time.Duration probeInterval, Runnable onStart) {
		this.ticker = ticker;
		this.probeIntervalNanos = probeInterval.toNanos();
		this.onStart = onStart;
	}

	boolean isDown() {
		return down.get();
	}

	/** The current outage generation; a success only ends the outage it started in. */
	long epoch() {
		return epoch.get();
	}

	/** Whether a command should be skipped now; lets one probe through per interval while down. */
	boolean shouldSkip() {
		if (!down.get()) {
			return false;
		}
		long now = ticker.read();
		long next = nextProbe.get();
		return now - next < 0 || !nextProbe.compareAndSet(next, now + probeIntervalNanos);
	}

	void failed(Throwable cause) {
		nextProbe.set(ticker.read() + probeIntervalNanos);
		if (down.compareAndSet(false, true)) {
			epoch.incrementAndGet();
			log.warn("Redis is unavailable ({}: {}); serving without the shared tier until it is back",
					cause.getClass().getSimpleName(), cause.getMessage());
			onStart.run();
		}
	}

	void succeeded(long startedInEpoch) {
		if (down.get() && epoch.get() == startedInEpoch && down.compareAndSet(true, false)) {
			log.info("Redis is available again; the shared tier resumed");
		}
	}
}
