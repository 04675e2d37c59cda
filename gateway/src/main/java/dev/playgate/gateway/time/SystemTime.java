package dev.playgate.gateway.time;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The system's time: its UTC wall clock, its monotonic ticker and a scheduler of its own for delays. The only code
 * that reads real time; the beans of {@link TimeConfiguration} come from here, and so does the time of tests whose
 * claim is about real sockets and real processes rather than about time.
 */
public final class SystemTime {

	private SystemTime() {
	}

	/** The system's wall clock, in UTC. */
	public static Clock clock() {
		return Clock.systemUTC();
	}

	/** The system's monotonic clock. */
	public static Ticker ticker() {
		return Ticker.systemTicker();
	}

	/**
	 * A new scheduler for delays, timeouts and backoffs on real time: one daemon worker per core, never blocked
	 * (continuations after a delay are non-blocking, blocking calls hop to their own scheduler). The caller disposes
	 * it.
	 */
	public static Scheduler newScheduler() {
		return Schedulers.newParallel("playgate-time", Runtime.getRuntime().availableProcessors(), true);
	}
}
