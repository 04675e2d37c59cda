package dev.playgate.gateway.credential;

/** A video id that is not 32 characters of {@code [0-9a-zA-Z]}. */
public final class InvalidVideoIdException extends CredentialException {

	/** Creates the refusal; the offending text is quoted only when short, so a client cannot make us echo a flood. */
	public InvalidVideoIdException(CharSequence text) {
		super(describe(text), null);
	}

	private static String describe(CharSequence text) {
		return text.length() <= 64
				? "videoId must be 32 characters of [0-9a-zA-Z], got '" + printable(text) + "'"
				: "videoId must be 32 characters of [0-9a-zA-Z], got " + text.length() + " characters";
	}

	private static String printable(CharSequence text) {
		StringBuilder out = new StringBuilder(text.length());
		text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '\'' ? (char) c : '?'));
		return out.toString();
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.INVALID_VIDEO_ID;
	}
}
