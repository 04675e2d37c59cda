package dev.playgate.gateway.credential;

/** VOD did not answer within the call timeout. */
public final class UpstreamTimeoutException extends CredentialException {

	/** Creates the refusal with a client-safe message. */
	public UpstreamTimeoutException(String message) {
		super(message, null);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.UPSTREAM_TIMEOUT;
	}
}
