package dev.playgate.gateway.credential;

import java.time.Duration;

/**
 * The upstream cannot be called now (budget spent, breaker open, VOD throttling or failing) and nothing valid is
 * cached.
 */
public final class UpstreamBusyException extends CredentialException {

	/** Creates the refusal with a client-safe message. */
	public UpstreamBusyException(String message, Duration retryAfter) {
		super(message, retryAfter);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.UPSTREAM_BUSY;
	}
}
