package dev.playgate.gateway.edge;

/**
 * The syntax check of a {@code Host} header (RFC 9112 §3.2): {@code host [":" port]}, the host a registered name or
 * IPv4 address (unreserved, percent-encoded or sub-delimiter characters) or a bracketed IP literal, the port digits.
 * An empty value is allowed, as the RFC allows it.
 */
final class HostHeader {

	private static final int MAX_LENGTH = 255 + 6;
	private static final String NAME_PUNCTUATION = "-._~%!$&'()*+,;=";
	private static final String LITERAL_PUNCTUATION = ":.%-_~";

	private HostHeader() {
	}

	/** Whether {@code value} is a well-formed {@code Host} header value. */
	static boolean isValid(String value) {
		if (value.length() > MAX_LENGTH) {
			return false;
		}
		int portStart;
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			if (close < 0 || !allOf(value, 1, close, LITERAL_PUNCTUATION)) {
				return false;
			}
			portStart = close + 1;
		}
		else {
			int colon = value.indexOf(':');
			portStart = colon < 0 ? value.length() : colon;
			if (!allOf(value, 0, portStart, NAME_PUNCTUATION)) {
				return false;
			}
		}
		return portStart == value.length() || isPort(value, portStart);
	}

	private static boolean isPort(String value, int colon) {
		if (value.charAt(colon) != ':' || value.length() - colon - 1 > 5) {
			return false;
		}
		for (int i = colon + 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean allOf(String value, int from, int to, String punctuation) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alnum && punctuation.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}
}
