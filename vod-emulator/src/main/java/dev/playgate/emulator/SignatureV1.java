package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OpenAPI RPC signature V1, computed exactly as {@code aliyun-java-sdk-core} 4.7.10 does
 * ({@code RpcSignatureComposer} + {@code HmacSHA1Signer}).
 */
final class SignatureV1 {

	static final String HMAC_SHA1 = "HMAC-SHA1";
	static final String HMAC_SHA256 = "HMAC-SHA256";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private SignatureV1() {
	}

	/** The string to sign: {@code METHOD&%2F&percentEncode(canonical query)} over every parameter but Signature. */
	static String stringToSign(String method, Map<String, String> parameters) {
		String[] names = parameters.keySet().toArray(new String[0]);
		Arrays.sort(names);
		StringBuilder canonical = new StringBuilder(512);
		for (String name : names) {
			if ("Signature".equals(name)) {
				continue;
			}
			if (canonical.length() > 0) {
				canonical.append('&');
			}
			percentEncode(name, canonical);
			canonical.append('=');
			percentEncode(parameters.get(name), canonical);
		}
		StringBuilder sts = new StringBuilder(canonical.length() * 2 + 16).append(method).append("&%2F&");
		percentEncode(canonical, sts);
		return sts.toString();
	}

	/** The Base64 HMAC of the string to sign, keyed with {@code secret + "&"}. */
	static String sign(String algorithm, String secret, String stringToSign) {
		Mac mac = newMac(algorithm, secret);
		return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
	}

	/** A MAC initialised for one secret; {@code Mac} is not thread-safe, so callers keep one per thread. */
	static Mac newMac(String algorithm, String secret) {
		String jca = HMAC_SHA256.equals(algorithm) ? "HmacSHA256" : "HmacSHA1";
		try {
			Mac mac = Mac.getInstance(jca);
			mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), jca));
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("the JDK lacks " + jca, ex);
		}
	}

	static boolean isSupported(String algorithm) {
		return HMAC_SHA1.equals(algorithm) || HMAC_SHA256.equals(algorithm);
	}

	/** The SDK's {@code percentEncode}: RFC 3986, unreserved {@code A-Z a-z 0-9 - _ . ~}, UTF-8, upper-case hex. */
	static String percentEncode(CharSequence value) {
		StringBuilder out = new StringBuilder(value.length() + 16);
		percentEncode(value, out);
		return out.toString();
	}

	static void percentEncode(CharSequence value, StringBuilder out) {
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (isUnreserved(c)) {
				out.append(c);
			}
			else if (c < 0x80) {
				appendByte(out, c);
			}
			else {
				i = appendUtf8(value, i, out);
			}
		}
	}

	private static boolean isUnreserved(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '.' || c == '~';
	}

	private static int appendUtf8(CharSequence value, int index, StringBuilder out) {
		int end = index + 1;
		if (Character.isHighSurrogate(value.charAt(index)) && end < value.length()
				&& Character.isLowSurrogate(value.charAt(end))) {
			end++;
		}
		for (byte b : value.subSequence(index, end).toString().getBytes(StandardCharsets.UTF_8)) {
			appendByte(out, b & 0xFF);
		}
		return end - 1;
	}

	private static void appendByte(StringBuilder out, int b) {
		out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
	}
}
