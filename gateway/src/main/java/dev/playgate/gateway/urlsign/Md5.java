package dev.playgate.gateway.urlsign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** MD5 as the CDN uses it: lower-case hex of the UTF-8 bytes; one digest per thread, so hashing never allocates one. */
final class Md5 {

	private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Md5::digest);
	private static final HexFormat HEX = HexFormat.of();

	private Md5() {
	}

	static String hex(String text) {
		return HEX.formatHex(DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** Compares two hashes in constant time (case-insensitively, as the hex digits may come in either case). */
	static boolean same(String expected, String actual) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				actual.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK lacks MD5", ex);
		}
	}
}
