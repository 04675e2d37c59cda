package dev.playgate.gateway.urlsign;

import java.time.Instant;

/**
 * Signs play URLs with a CDN domain's private key, and reads signed ones back. The instant written into a URL is the
 * one at which the URL is meant to stop working (the convention of Alibaba's own samples, {@code now + ttl}); the CDN
 * adds its configured validity on top, so the real lifetime is at least that.
 */
public sealed interface UrlSigner permits AuthKeySigner, TimePathSigner, HashPathSigner {

	/** A signer of {@code type} holding {@code key} (never logged nor printed). */
	static UrlSigner of(SigningType type, String key) {
		if (key.isBlank()) {
			throw new IllegalArgumentException("playgate.play-info.url-signing.key must not be empty");
		}
		return switch (type) {
			case A -> new AuthKeySigner(key);
			case B -> new TimePathSigner(key);
			case C -> new HashPathSigner(key);
		};
	}

	/** The type this signer writes. */
	SigningType type();

	/**
	 * The signed form of {@code url}, valid until {@code expiry} as written by {@link #signedUntil}; {@code rand} is
	 * a string without hyphens that makes the URL unique (type A only; B and C have no place for it).
	 */
	String sign(UnsignedUrl url, Instant expiry, String rand);

	/**
	 * The instant written into a URL signed for {@code expiry}, in the type's resolution: never earlier than it. Unix
	 * seconds (types A and C) unless the type says otherwise.
	 */
	default Instant signedUntil(Instant expiry) {
		Instant second = Instant.ofEpochSecond(expiry.getEpochSecond());
		return second.equals(expiry) ? second : second.plusSeconds(1);
	}

	/** The URL without a signature of this type, and whether this signer's key made the one it carried. */
	ReadUrl read(String url);
}
