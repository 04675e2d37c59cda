package dev.playgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock that tests move by hand. */
final class MutableClock extends Clock {

	private final AtomicLong millis;

	MutableClock(Instant start) {
		this.millis = new AtomicLong(start.toEpochMilli());
	}

	static MutableClock ofNow() {
		return new MutableClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
	}

	void advance(Duration duration) {
		millis.addAndGet(duration.toMillis());
	}

	void set(Instant instant) {
		millis.set(instant.toEpochMilli());
	}

	@Override
	public long millis() {
		return millis.get();
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis.get());
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
