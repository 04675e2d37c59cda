package dev.playgate.emulator;

import java.util.Locale;

/**
 * The CDN's URL signing types the emulator signs its play URLs with and its edge checks ({@code --cdn-auth-type}),
 * as the CDN defines them (reference §2).
 */
public enum CdnAuthType {

	/** {@code path?auth_key={timestamp}-{rand}-{uid}-{md5hex("path-timestamp-rand-uid-key")}}, decimal seconds. */
	A,
	/** {@code /{yyyyMMddHHmm in UTC+8}/{md5hex(key + timestamp + path)}/path}. */
	B,
	/**
	 * {@code /{md5hex(key + path + hexTimestamp)}/{hexTimestamp}/path}, or
	 * {@code path?KEY1={md5hash}&KEY2={hexTimestamp}}.
	 */
	C;

	/** The type named {@code text} ({@code a}, {@code B}...); the message names the flag and the value. */
	public static CdnAuthType parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cdn-auth-type must be A, B or C: '" + text + "'", ex);
		}
	}
}
