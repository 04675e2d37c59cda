package dev.playgate.gateway.edge;

/**
 * A request's target in the form the routes read: a path and query (origin-form). An HTTP/1.1 server must accept the
 * absolute-form too (RFC 9112 §3.2.2), {@code http://host/v1/videos/{id}/play-auth}; it names the same resource as
 * its path does here, since the gateway serves one site whatever the authority (which, like {@code Host}, routes
 * nothing).
 */
final class RequestTarget {

	private static final String HTTP = "http://";
	private static final String HTTPS = "https://";

	private RequestTarget() {
	}

	/**
	 * The origin-form of {@code target}: an {@code http} or {@code https} absolute-form without its scheme and
	 * authority ({@code /} when it has no path); any other target as it is, the same instance.
	 */
	static String originForm(String target) {
		if (target.startsWith("/")) {
			return target;
		}
		int authority = startsWithIgnoringCase(target, HTTP) ? HTTP.length()
				: startsWithIgnoringCase(target, HTTPS) ? HTTPS.length() : -1;
		if (authority < 0) {
			return target;
		}
		int end = authority;
		while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
			end++;
		}
		String rest = target.substring(end);
		return rest.startsWith("/") ? rest : "/" + rest;
	}

	private static boolean startsWithIgnoringCase(String target, String prefix) {
		return target.regionMatches(true, 0, prefix, 0, prefix.length());
	}
}
