package dev.playgate.gateway.security;

/**
 * The SHA-256 of a presented token, used as the key of verified tokens. Keying by digest rather than by the token
 * keeps valid tokens out of the heap and makes the map's comparisons, whose timing depends on the data, compare
 * digests an attacker cannot steer.
 */
record TokenDigest(long first, long second, long third, long fourth) {

	/** The digest of a token's text, hashed on the calling thread. */
	static TokenDigest of(CharSequence token) {
		byte[] digest = Sha256.local().digest(token);
		return new TokenDigest(Sha256.longAt(digest, 0), Sha256.longAt(digest, 1), Sha256.longAt(digest, 2),
				Sha256.longAt(digest, 3));
	}
}
