package dev.playgate.gateway.security;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.playgate.gateway.credential.ClientRateLimitedException;
import dev.playgate.gateway.credential.UnauthenticatedException;

/**
 * Counts refusals and produces them. Authentication refusals are constant, stack-less and immutable, so one instance
 * per reason serves every request: a flood of bad credentials allocates nothing.
 */
final class Rejections {

	/** The name of the refusal counter. */
	static final String METRIC = "playgate.security.rejections";

	private final Map<Rejection, Counter> counters = new EnumMap<>(Rejection.class);
	private final Map<Rejection, UnauthenticatedException> refusals = new EnumMap<>(Rejection.class);

	Rejections(MeterRegistry registry) {
		for (Rejection rejection : Rejection.values()) {
			counters.put(rejection, Counter.builder(METRIC)
				.description("Requests refused by the client gate")
				.tag("reason", rejection.tag())
				.register(registry));
			refusals.put(rejection, new UnauthenticatedException(rejection.message()));
		}
	}

	/** Counts an authentication refusal and returns the exception to throw. */
	UnauthenticatedException unauthenticated(Rejection rejection) {
		counters.get(rejection).increment();
		return refusals.get(rejection);
	}

	/** Counts a quota refusal and returns the exception to throw. */
	ClientRateLimitedException rateLimited(Duration retryAfter) {
		counters.get(Rejection.RATE_LIMITED).increment();
		return new ClientRateLimitedException(Rejection.RATE_LIMITED.message(), retryAfter);
	}
}
