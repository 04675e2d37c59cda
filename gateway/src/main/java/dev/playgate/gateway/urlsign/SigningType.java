package dev.playgate.gateway.urlsign;

import java.util.Locale;

/** The CDN's URL signing types that playgate can sign with ({@code playgate.play-info.url-signing.type}). */
public enum SigningType {
	/** {@code path?auth_key={timestamp}-{rand}-{uid}-{md5hash}}, the type VOD domains use. */
	A,
	/** {@code /{yyyyMMddHHmm, UTC+8}/{md5hash}/path}. */
	B,
	/** {@code /{md5hash}/{hex timestamp}/path}. */
	C;

	/** The type named {@code text} ({@code a}, {@code B}...); the message names the setting and the value. */
	public static SigningType parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"playgate.play-info.url-signing.type must be A, B or C: '" + text + "'", ex);
		}
	}
}
