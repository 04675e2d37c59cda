package dev.playgate.gateway.edge;

import io.netty.util.AsciiString;

/**
 * The values of a success's per-request headers, encoded once: {@code Cache-Control: private, max-age=N} and the
 * numbers of {@code Age} and {@code Content-Length}. They change every second, but only among a few thousand values:
 * each of those below {@value #ENCODED} is an {@link AsciiString} made at start-up (about half a megabyte), which the
 * HTTP encoder copies as bytes; a larger one is formatted when it is sent.
 */
final class HeaderValues {

	/** The values below which every number is encoded ahead: covers every play-auth and the default play-info. */
	static final int ENCODED = 4096;

	private static final String PRIVATE_MAX_AGE = "private, max-age=";
	private static final AsciiString[] NUMBERS = new AsciiString[ENCODED];
	private static final AsciiString[] CACHE_CONTROLS = new AsciiString[ENCODED];

	static {
		for (int n = 0; n < ENCODED; n++) {
			NUMBERS[n] = AsciiString.cached(Integer.toString(n));
			CACHE_CONTROLS[n] = AsciiString.cached(PRIVATE_MAX_AGE + n);
		}
	}

	private HeaderValues() {
	}

	/** {@code private, max-age=<maxAge>}. */
	static CharSequence cacheControl(long maxAge) {
		return maxAge >= 0 && maxAge < ENCODED ? CACHE_CONTROLS[(int) maxAge] : PRIVATE_MAX_AGE + maxAge;
	}

	/** A decimal number. */
	static CharSequence number(long n) {
		return n >= 0 && n < ENCODED ? NUMBERS[(int) n] : Long.toString(n);
	}
}
