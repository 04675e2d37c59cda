package dev.playgate.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * OpenAPI signature V1 (HMAC-SHA1) as the SDK computes it: every parameter but {@code Signature}, sorted by name,
 * percent-encoded per RFC 3986 ({@code A-Z a-z 0-9 - _ . ~} raw, uppercase hex), joined into the canonical query;
 * the string to sign is {@code POST&%2F&} plus the canonical query encoded once more; the key is the AccessKey
 * secret plus {@code &}. The query sent is the canonical one plus the signature, which any standard decoder reads
 * (the SDK sends {@code *} raw and {@code ~} as {@code %7E}; either spelling decodes to the same value).
 */
final class VodSignature {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private VodSignature() {
	}

	/**
	 * The signed query of one call of {@code action}: its {@code parameters}, the common ones (version, format,
	 * region, the AccessKey id, a fresh nonce and {@code now} as the timestamp, the STS token if any) and the
	 * signature.
	 */
	static String signedQuery(String action, Map<String, String> parameters, AccessKey key, String regionId,
			Instant now) {
		Map<String, String> all = new TreeMap<>(parameters);
		all.put("Action", action);
		all.put("Version", "2017-03-21");
		all.put("Format", "JSON");
		all.put("RegionId", regionId);
		all.put("AccessKeyId", key.id());
		all.put("SignatureMethod", "HMAC-SHA1");
		all.put("SignatureVersion", "1.0");
		all.put("SignatureNonce", nonce());
		all.put("Timestamp", TIMESTAMP.format(now));
		if (key.securityToken() != null) {
			all.put("SecurityToken", key.securityToken());
		}
		String canonical = canonical(all);
		return canonical + "&Signature=" + percentEncode(sign("POST&%2F&" + percentEncode(canonical), key.secret()));
	}

	/** The sorted parameters, each name and value percent-encoded, joined with {@code &}. */
	static String canonical(Map<String, String> sorted) {
		StringBuilder query = new StringBuilder(512);
		for (Map.Entry<String, String> parameter : sorted.entrySet()) {
			if (query.length() > 0) {
				query.append('&');
			}
			query.append(percentEncode(parameter.getKey())).append('=').append(percentEncode(parameter.getValue()));
		}
		return query.toString();
	}

	/** Base64 of the HMAC-SHA1 of {@code stringToSign} under {@code secret + "&"}. */
	static String sign(String stringToSign, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			// every JDK ships HmacSHA1
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

	/** RFC 3986 percent-encoding of the UTF-8 bytes of {@code value}, uppercase hex. */
	static String percentEncode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(bytes.length + 16);
		for (byte b : bytes) {
			int c = b & 0xff;
			if (isUnreserved(c)) {
				out.append((char) c);
			}
			else {
				out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
			}
		}
		return out.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '.' || c == '~';
	}

	/** 32 lowercase hex digits, random: VOD refuses a nonce it has seen, and each attempt signs anew. */
	private static String nonce() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String high = Long.toHexString(random.nextLong());
		String low = Long.toHexString(random.nextLong());
		return "0".repeat(16 - high.length()) + high + "0".repeat(16 - low.length()) + low;
	}

	/**
	 * The AccessKey a call is signed with.
	 *
	 * @param id the AccessKey id
	 * @param secret the AccessKey secret (never printed)
	 * @param securityToken the STS token of a temporary AccessKey, or {@code null} (never printed)
	 */
	record AccessKey(String id, String secret, @Nullable String securityToken) {

		@Override
		public String toString() {
			return "AccessKey[id=" + (id.length() <= 4 ? "****" : id.substring(0, 4) + "****") + "]";
		}
	}
}
