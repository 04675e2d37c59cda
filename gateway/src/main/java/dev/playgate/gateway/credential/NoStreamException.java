package dev.playgate.gateway.credential;

/** The video has no stream matching the request (InvalidVideo.NoneStream). */
public final class NoStreamException extends VideoUnavailableException {

	/** Creates the refusal with a client-safe message. */
	public NoStreamException(String message) {
		super(message);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.NO_STREAM;
	}
}
