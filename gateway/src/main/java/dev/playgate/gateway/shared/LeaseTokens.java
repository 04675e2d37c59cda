package dev.playgate.gateway.shared;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Lease tokens unique across the fleet: a random process id and a counter, cheaper than a random value per lease. */
final class LeaseTokens {

	private final String process = UUID.randomUUID().toString();
	private final AtomicLong counter = new AtomicLong();

	String next() {
		return process + ':' + counter.incrementAndGet();
	}
}
