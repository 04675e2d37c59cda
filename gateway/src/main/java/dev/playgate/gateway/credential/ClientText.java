package dev.playgate.gateway.credential;

/**
 * How a refusal repeats what the client sent: only short text made of letters, digits and {@code - _ . , :}, which
 * can carry no markup, quote, header or line break; anything else is described by its length, never repeated.
 */
public final class ClientText {

	/** The longest text repeated. */
	static final int MAX_REPEATED = 40;

	private ClientText() {
	}

	/** {@code 'text'}, quoted, when it may be repeated; otherwise {@code a value of N characters}. */
	public static String quoted(CharSequence text) {
		return isRepeatable(text) ? "'" + text + "'" : "a value of " + text.length() + " characters";
	}

	private static boolean isRepeatable(CharSequence text) {
		if (text.isEmpty() || text.length() > MAX_REPEATED) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.' || c == ',' || c == ':';
			if (!safe) {
				return false;
			}
		}
		return true;
	}
}
