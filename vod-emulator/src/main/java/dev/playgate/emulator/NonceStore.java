package dev.playgate.emulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SignatureNonces seen recently, so that a replayed request is refused ({@code SignatureNonceUsed}).
 *
 * <p>Each nonce is remembered until its expiry (the request's time plus the timestamp tolerance, after which the
 * request would be refused as expired anyway). Memory is bounded: past {@code capacity} nonces the oldest are
 * forgotten early, so a long load test shortens the replay window instead of exhausting the heap. Claiming is
 * lock-free; {@link #expire(long)} runs from the emulator's maintenance tick.
 */
final class NonceStore {

	private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
	private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
	private final AtomicInteger tracked = new AtomicInteger();
	private final int capacity;

	NonceStore(int capacity) {
		this.capacity = capacity;
	}

	/** Records the nonce and answers true, or answers false when it is still remembered (a replay). */
	boolean claim(String key, long nowMillis, long expiresAtMillis) {
		Long previous = expiries.putIfAbsent(key, expiresAtMillis);
		if (previous != null && (previous > nowMillis || !expiries.replace(key, previous, expiresAtMillis))) {
			return false;
		}
		order.add(new Entry(key, expiresAtMillis));
		if (tracked.incrementAndGet() > capacity) {
			forgetOldest();
		}
		return true;
	}

	/** Forgets every nonce whose expiry has passed. */
	void expire(long nowMillis) {
		Entry head;
		while ((head = order.peek()) != null && head.expiresAtMillis() <= nowMillis) {
			forgetOldest();
		}
	}

	void clear() {
		Entry head;
		while ((head = order.poll()) != null) {
			tracked.decrementAndGet();
			expiries.remove(head.key(), head.expiresAtMillis());
		}
	}

	int size() {
		return tracked.get();
	}

	private void forgetOldest() {
		Entry oldest = order.poll();
		if (oldest != null) {
			tracked.decrementAndGet();
			expiries.remove(oldest.key(), oldest.expiresAtMillis());
		}
	}

	private record Entry(String key, long expiresAtMillis) {
	}
}
