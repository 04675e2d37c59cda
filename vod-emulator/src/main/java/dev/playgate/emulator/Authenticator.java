package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;

/**
 * Checks a call the way the OpenAPI gateway does before VOD sees it: common parameters, the AccessKeyId, the
 * Timestamp window, signature V1, SignatureNonce replay and the STS SecurityToken.
 *
 * <p>The nonce is claimed only once the signature is proven, so a forged request cannot burn a client's nonce.
 */
final class Authenticator {

	static final long INVALID = Long.MIN_VALUE;

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

	private final Map<String, KeyRing> keys = new HashMap<>();
	private final long toleranceMillis;
	private final NonceStore nonces;

	Authenticator(List<AccessKey> accessKeys, Duration tolerance, NonceStore nonces) {
		accessKeys.forEach(key -> keys.put(key.id(), new KeyRing(key)));
		this.toleranceMillis = tolerance.toMillis();
		this.nonces = nonces;
	}

	/** Answers why the call is refused, or {@code null} when it is authentic. */
	@Nullable
	ApiError check(RpcRequest request) {
		ApiError missing = missingCommonParameter(request);
		if (missing != null) {
			return missing;
		}
		KeyRing ring = keys.get(request.get("AccessKeyId"));
		if (ring == null) {
			return ApiError.auth(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
		}
		long sent = parseTimestamp(Objects.requireNonNull(request.get("Timestamp")));
		if (sent == INVALID) {
			return ApiError.auth(400, "InvalidTimeStamp.Format",
					"Specified time stamp or date value is not well formatted.");
		}
		if (Math.abs(request.arrivalMillis() - sent) > toleranceMillis) {
			return ApiError.auth(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
		}
		ApiError invalid = checkSignature(request, ring);
		if (invalid == null) {
			invalid = checkSecurityToken(request, ring.key);
		}
		if (invalid == null) {
			invalid = claimNonce(request, sent);
		}
		return invalid;
	}

	@Nullable
	private static ApiError missingCommonParameter(RpcRequest request) {
		for (String name : List.of("AccessKeyId", "Signature", "SignatureNonce", "Timestamp")) {
			String value = request.get(name);
			if (value == null || value.isEmpty()) {
				return ApiError.auth(400, "Missing" + name, name + " is mandatory for this action.");
			}
		}
		String method = request.get("SignatureMethod");
		if (method != null && !SignatureV1.isSupported(method)) {
			return ApiError.auth(400, "InvalidSignatureMethod", "Specified signature method is not supported.");
		}
		String version = request.get("SignatureVersion");
		if (version != null && !"1.0".equals(version)) {
			return ApiError.auth(400, "InvalidSignatureVersion", "Specified signature version is not supported.");
		}
		return null;
	}

	@Nullable
	private static ApiError checkSignature(RpcRequest request, KeyRing ring) {
		String stringToSign = SignatureV1.stringToSign(request.method(), request.parameters());
		String algorithm = Objects.requireNonNullElse(request.get("SignatureMethod"), SignatureV1.HMAC_SHA1);
		byte[] expected = ring.sign(algorithm, stringToSign);
		byte[] given = Objects.requireNonNull(request.get("Signature")).getBytes(StandardCharsets.US_ASCII);
		if (MessageDigest.isEqual(expected, given)) {
			return null;
		}
		return ApiError.auth(400, "SignatureDoesNotMatch",
				"Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
	}

	@Nullable
	private static ApiError checkSecurityToken(RpcRequest request, AccessKey key) {
		String token = request.get("SecurityToken");
		if (key.securityToken() == null) {
			return token == null ? null
					: ApiError.auth(400, "InvalidSecurityToken.MismatchWithAccessKey",
							"Specified SecurityToken mismatch with the AccessKey.");
		}
		if (token == null || token.isEmpty()) {
			return ApiError.auth(400, "MissingSecurityToken", "SecurityToken is mandatory for this action.");
		}
		if (!MessageDigest.isEqual(key.securityToken().getBytes(StandardCharsets.UTF_8),
				token.getBytes(StandardCharsets.UTF_8))) {
			return ApiError.auth(400, "InvalidSecurityToken.MismatchWithAccessKey",
					"Specified SecurityToken mismatch with the AccessKey.");
		}
		return null;
	}

	@Nullable
	private ApiError claimNonce(RpcRequest request, long sent) {
		String key = request.get("AccessKeyId") + ":" + request.get("SignatureNonce");
		long expiresAt = Math.max(sent, request.arrivalMillis()) + toleranceMillis;
		if (nonces.claim(key, request.arrivalMillis(), expiresAt)) {
			return null;
		}
		return ApiError.auth(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
	}

	/**
	 * The epoch milliseconds of a {@code yyyy-MM-dd'T'HH:mm:ss'Z'} timestamp, or {@link #INVALID}; parsed by hand
	 * because {@code DateTimeFormatter} was a visible share of a call's cost.
	 */
	static long parseTimestamp(String value) {
		if (value.length() != 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
				|| value.charAt(13) != ':' || value.charAt(16) != ':' || value.charAt(19) != 'Z') {
			return INVALID;
		}
		int year = digits(value, 0, 4);
		int month = digits(value, 5, 2);
		int day = digits(value, 8, 2);
		int hour = digits(value, 11, 2);
		int minute = digits(value, 14, 2);
		int second = digits(value, 17, 2);
		if ((year | month | day | hour | minute | second) < 0) {
			return INVALID;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1000;
		}
		catch (DateTimeException ex) {
			return INVALID;
		}
	}

	private static int digits(String value, int start, int count) {
		int result = 0;
		for (int i = start; i < start + count; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			result = result * 10 + (c - '0');
		}
		return result;
	}

	static String formatTimestamp(long epochMillis) {
		return TIMESTAMP.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
	}

	/** One AccessKey with a MAC per thread and algorithm: {@code Mac} is not thread-safe and costly to create. */
	private static final class KeyRing {

		private final AccessKey key;
		private final ThreadLocal<Mac> sha1;
		private final ThreadLocal<Mac> sha256;

		KeyRing(AccessKey key) {
			this.key = key;
			this.sha1 = ThreadLocal.withInitial(() -> SignatureV1.newMac(SignatureV1.HMAC_SHA1, key.secret()));
			this.sha256 = ThreadLocal.withInitial(() -> SignatureV1.newMac(SignatureV1.HMAC_SHA256, key.secret()));
		}

		byte[] sign(String algorithm, String stringToSign) {
			Mac mac = (SignatureV1.HMAC_SHA256.equals(algorithm) ? sha256 : sha1).get();
			byte[] digest = mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encode(digest);
		}
	}
}
