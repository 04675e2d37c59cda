package dev.playgate.gateway.credential;

/** The caller presented no valid API key or token. */
public final class UnauthenticatedException extends CredentialException {

	/** Creates the refusal with a client-safe message. */
	public UnauthenticatedException(String message) {
		super(message, null);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.UNAUTHENTICATED;
	}
}
