package dev.playgate.gateway.edge;

import dev.playgate.gateway.credential.InvalidParameterException;

/** The check that every {@code %} of a request URI starts a {@code %HH} triplet (RFC 3986 §2.1). */
final class PercentEncoding {

	static final String MALFORMED = "the request URI has a malformed percent-encoding (every % must be followed by two "
			+ "hexadecimal digits)";

	private PercentEncoding() {
	}

	/** Refuses {@code uri} with {@link InvalidParameterException} when one of its {@code %} is not a triplet. */
	static void requireWellFormed(String uri) {
		int percent = uri.indexOf('%');
		while (percent >= 0) {
			if (percent + 2 >= uri.length() || !isHex(uri.charAt(percent + 1)) || !isHex(uri.charAt(percent + 2))) {
				throw new InvalidParameterException(MALFORMED);
			}
			percent = uri.indexOf('%', percent + 3);
		}
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}
}
