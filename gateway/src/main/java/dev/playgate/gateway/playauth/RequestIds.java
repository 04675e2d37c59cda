package dev.playgate.gateway.playauth;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code requestId} of a locally minted answer: a version-4 UUID drawn from {@link ThreadLocalRandom}, so it
 * never waits on the shared {@code SecureRandom} that {@link UUID#randomUUID()} locks, which is no place for an event
 * loop. 122 random bits are unique enough for correlating logs; nothing relies on the id being unguessable.
 */
final class RequestIds {

	private RequestIds() {
	}

	/** A fresh id, in the form {@code 8-4-4-4-12} lower-case hex. */
	static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(high, low).toString();
	}
}
