package dev.playgate.gateway.playauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * Signs JWTPlayAuths: compact HS256 JWS tokens keyed by a PlayKey, written by hand from the claims' JSON bytes. A
 * JOSE library's signer would refuse VOD's keys (RFC 7518 §3.2 asks 256 bits; PlayKeys are 8 to 20 characters), and
 * most of a token's cost there goes to re-encoding the same header and building intermediate strings. Here the
 * header's encoding is computed once, and a token costs one Base64url encoding of the claims, one HMAC and a copy.
 *
 * <p>
 * Each thread keeps its own copy of the initialised {@link Mac} (a {@code Mac} is not thread-safe, and copying one
 * per token costs as much as the HMAC itself): the signer is safe to share, and an event loop signs without a lock.
 */
final class PlayKeySigner {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/** {@code {"alg":"HS256","typ":"JWT"}}, Base64url-encoded. */
	private static final byte[] HEADER = BASE64URL
		.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

	private final ThreadLocal<Mac> macs;

	PlayKeySigner(PlayKey playKey) {
		Mac prototype;
		try {
			prototype = Mac.getInstance("HmacSHA256");
			prototype.init(playKey.secretKey());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not usable with the PlayKey", ex);
		}
		this.macs = ThreadLocal.withInitial(() -> copy(prototype));
	}

	/** The compact token {@code header.payload.signature} for the claims {@code claimsJson} (UTF-8 JSON). */
	String sign(byte[] claimsJson) {
		byte[] payload = BASE64URL.encode(claimsJson);
		Mac mac = macs.get();
		mac.update(HEADER);
		mac.update((byte) '.');
		mac.update(payload);
		byte[] signature = BASE64URL.encode(mac.doFinal());
		byte[] token = new byte[HEADER.length + 1 + payload.length + 1 + signature.length];
		System.arraycopy(HEADER, 0, token, 0, HEADER.length);
		token[HEADER.length] = '.';
		System.arraycopy(payload, 0, token, HEADER.length + 1, payload.length);
		token[HEADER.length + 1 + payload.length] = '.';
		System.arraycopy(signature, 0, token, token.length - signature.length, signature.length);
		return new String(token, StandardCharsets.US_ASCII);
	}

	private static Mac copy(Mac prototype) {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("the HmacSHA256 provider cannot copy a Mac", ex);
		}
	}
}
