package dev.playgate.gateway.credential;

import java.time.Duration;

/** The caller exceeded its own request quota. */
public final class ClientRateLimitedException extends CredentialException {

	/** Creates the refusal with a client-safe message. */
	public ClientRateLimitedException(String message, Duration retryAfter) {
		super(message, retryAfter);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.CLIENT_RATE_LIMITED;
	}
}
