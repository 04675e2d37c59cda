package dev.playgate.gateway.credential;

/** A request parameter or body that is malformed or out of range. */
public final class InvalidParameterException extends CredentialException {

	/** Creates the refusal with a client-safe message. */
	public InvalidParameterException(String message) {
		super(message, null);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.INVALID_PARAMETER;
	}
}
