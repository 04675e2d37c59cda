package dev.playgate.gateway.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * VOD's callback signature: {@code X-VOD-SIGNATURE = md5hex("{callback URL}|{X-VOD-TIMESTAMP}|{AuthKey}")}, 32
 * lower-case hex characters, with the callback URL exactly as configured in VOD and the timestamp exactly as sent.
 */
public final class CallbackSignature {

	private CallbackSignature() {
	}

	/** The signature VOD sends for {@code timestamp} (its decimal text) at {@code callbackUrl} with {@code authKey}. */
	public static String of(String callbackUrl, String timestamp, String authKey) {
		String signed = callbackUrl + "|" + timestamp + "|" + authKey;
		return HexFormat.of().formatHex(md5(signed.getBytes(StandardCharsets.UTF_8)));
	}

	/** Whether {@code presented} is that signature, compared in constant time (case-insensitively, as hex is). */
	static boolean matches(String presented, String callbackUrl, String timestamp, String authKey) {
		byte[] expected = of(callbackUrl, timestamp, authKey).getBytes(StandardCharsets.US_ASCII);
		byte[] given = presented.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, given);
	}

	private static byte[] md5(byte[] input) {
		try {
			return MessageDigest.getInstance("MD5").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides MD5", ex);
		}
	}
}
