package dev.playgate.gateway.credential;

/** VOD rejected the gateway's AccessKey, token or signature: an operator must fix the configuration. */
public final class UpstreamMisconfiguredException extends CredentialException {

	/** Creates the refusal with a client-safe message. */
	public UpstreamMisconfiguredException(String message) {
		super(message, null);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.UPSTREAM_MISCONFIGURED;
	}
}
