package dev.playgate.gateway.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/** A clock and a ticker that move together, only when a test says so. */
public final class FakeTime extends Clock implements Ticker {

	private final Instant origin;
	private final AtomicLong nanos = new AtomicLong();

	private FakeTime(Instant origin) {
		this.origin = origin;
	}

	/** A fake time starting at a fixed instant. */
	public static FakeTime startingAt(Instant origin) {
		return new FakeTime(origin);
	}

	/** A fake time starting at 2026-11-29T00:00:00Z. */
	public static FakeTime create() {
		return startingAt(Instant.parse("2026-11-29T00:00:00Z"));
	}

	/** Moves both clocks forward. */
	public void advance(Duration duration) {
		nanos.addAndGet(duration.toNanos());
	}

	@Override
	public long read() {
		return nanos.get();
	}

	@Override
	public Instant instant() {
		return origin.plusNanos(nanos.get());
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
