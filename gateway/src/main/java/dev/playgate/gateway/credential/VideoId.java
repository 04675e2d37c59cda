package dev.playgate.gateway.credential;

/**
 * A VOD media id: exactly 32 characters of {@code [0-9a-zA-Z]}. Anything else is refused before it can cost an
 * upstream call.
 */
public record VideoId(String value) {

	/** The length of every VOD media id. */
	public static final int LENGTH = 32;

	/** Checks the id's shape. */
	public VideoId {
		if (!isWellFormed(value)) {
			throw new InvalidVideoIdException(value);
		}
	}

	/** Parses an id taken from a request, refusing a malformed one with {@link InvalidVideoIdException}. */
	public static VideoId parse(CharSequence text) {
		return new VideoId(text.toString());
	}

	/** Whether the text has the shape of a VOD media id. */
	public static boolean isWellFormed(CharSequence text) {
		if (text.length() != LENGTH) {
			return false;
		}
		for (int i = 0; i < LENGTH; i++) {
			char c = text.charAt(i);
			boolean alphanumeric = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			if (!alphanumeric) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return value;
	}
}
