package dev.playgate.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/** One fake time source for tests: a wall {@link Clock} and a monotonic {@link Ticker} that move together. */
final class FakeTime extends Clock implements Ticker {

	private final AtomicLong nanos = new AtomicLong();
	private final Instant origin;

	FakeTime(Instant origin) {
		this.origin = origin;
	}

	/** Moves both clocks forward. */
	void advance(Duration duration) {
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
		throw new UnsupportedOperationException("fake time is UTC only");
	}
}
