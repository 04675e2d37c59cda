package dev.playgate.gateway.playauth;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

/**
 * A VOD application's PlayKey: the HS256 secret of its JWTPlayAuths. Kept only as a JCA key; it never appears in
 * {@link #toString()}, logs or messages.
 */
final class PlayKey {

	private final SecretKeySpec key;

	private PlayKey(SecretKeySpec key) {
		this.key = key;
	}

	/** The key as configured or as GetAppPlayKey returned it; HS256 uses its UTF-8 bytes, as Alibaba's signer does. */
	static PlayKey of(String value) {
		if (value.isBlank()) {
			throw new IllegalArgumentException("a PlayKey must not be blank");
		}
		return new PlayKey(new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
	}

	/** The JCA form of the key. */
	SecretKeySpec secretKey() {
		return key;
	}

	@Override
	public String toString() {
		return "PlayKey[<redacted>]";
	}
}
