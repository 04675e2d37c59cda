package dev.playgate.gateway.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The one fake time of the tests: a wall {@link Clock}, a monotonic {@link Ticker} and a {@link Scheduler} that move
 * together, only when a test says so. The scheduler is a Reactor {@link VirtualTimeScheduler} (never installed in
 * place of Reactor's global schedulers): {@link #advance} runs every delay, timeout and backoff that falls due, and
 * the ticker and clock read its time.
 */
public final class FakeTime extends Clock implements Ticker {

	/** The wall time {@link #create()} starts at; not on a whole second, so truncation is visible. */
	public static final Instant START = Instant.parse("2026-11-29T10:00:00.250Z");

	private final Instant origin;
	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private FakeTime(Instant origin) {
		this.origin = origin;
	}

	/** A fake time starting at a fixed instant. */
	public static FakeTime startingAt(Instant origin) {
		return new FakeTime(origin);
	}

	/** A fake time starting at {@link #START}. */
	public static FakeTime create() {
		return startingAt(START);
	}

	/**
	 * A fake time starting at the system's current whole second: for tests whose parts keep real wall time of their
	 * own (the emulator, the SDK's request signatures) while the gateway's time is moved.
	 */
	public static FakeTime startingNow() {
		return startingAt(Instant.ofEpochSecond(SystemTime.clock().instant().getEpochSecond()));
	}

	/** Moves all three forward, running whatever falls due on the scheduler on the way. */
	public void advance(Duration duration) {
		scheduler.advanceTimeBy(duration);
	}

	/** The scheduler for delays, timeouts and backoffs. */
	public Scheduler scheduler() {
		return scheduler;
	}

	/** Nanoseconds since this fake time started. */
	@Override
	public long read() {
		return scheduler.now(TimeUnit.NANOSECONDS);
	}

	@Override
	public Instant instant() {
		return origin.plusNanos(read());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}
}
