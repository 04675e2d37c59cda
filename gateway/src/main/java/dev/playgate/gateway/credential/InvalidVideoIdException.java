package dev.playgate.gateway.credential;

/** A video id that is not 32 characters of {@code [0-9a-zA-Z]}. */
public final class InvalidVideoIdException extends CredentialException {

	/** Creates the refusal; the offending text is repeated only when harmless ({@link ClientText}). */
	public InvalidVideoIdException(CharSequence text) {
		super(describe(text), null);
	}

	private static String describe(CharSequence text) {
		return "videoId must be 32 characters of [0-9a-zA-Z], got " + ClientText.quoted(text);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.INVALID_VIDEO_ID;
	}
}
