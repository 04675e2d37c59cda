package dev.playgate.gateway.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * One fake time for tests: a Reactor {@link VirtualTimeScheduler}, installed in place of every Reactor scheduler
 * (so {@code Mono.delay}, {@code timeout} and retry backoffs run on it), that also drives a Caffeine {@link Ticker}
 * and a wall {@link Clock}, so delays, rate limiters, breakers and expiry math all move together. Install it before
 * building the objects under test and {@link #close()} it after each test.
 */
public final class VirtualTime implements AutoCloseable {

	/** The wall time at virtual zero; not on a whole second, so truncation is visible. */
	public static final Instant START = Instant.parse("2026-11-29T10:00:00.250Z");

	private final VirtualTimeScheduler scheduler;

	private VirtualTime(VirtualTimeScheduler scheduler) {
		this.scheduler = scheduler;
	}

	/** Creates a virtual time at zero and installs it as every Reactor scheduler. */
	public static VirtualTime install() {
		VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
		VirtualTimeScheduler.set(scheduler);
		return new VirtualTime(scheduler);
	}

	/** Restores Reactor's real schedulers. */
	@Override
	public void close() {
		VirtualTimeScheduler.reset();
	}

	/** Monotonic nanos since virtual zero. */
	public Ticker ticker() {
		return () -> scheduler.now(TimeUnit.NANOSECONDS);
	}

	/** Wall time: {@link #START} plus the virtual time elapsed. */
	public Clock clock() {
		return new Clock() {
			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return START.plusNanos(scheduler.now(TimeUnit.NANOSECONDS));
			}
		};
	}

	/** Moves time forward, running whatever becomes due. */
	public void advance(Duration duration) {
		scheduler.advanceTimeBy(duration);
	}

	/** Nanos since virtual zero. */
	public long nanos() {
		return scheduler.now(TimeUnit.NANOSECONDS);
	}
}
