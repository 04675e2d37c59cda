package dev.playgate.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import org.jspecify.annotations.Nullable;

/** Where a token's verification key comes from: one configured key, or a JWKS looked up by {@code kid}. */
interface TokenKeys {

	/** The verifier for a token with this header, or {@code null} when no trusted key fits it. */
	@Nullable JWSVerifier verifierFor(JWSHeader header);

	/** Whether a token verified earlier with the key {@code kid} is still trusted (its key still in the set). */
	boolean trusts(@Nullable String kid);

	/** The single key of {@code public-key} or {@code hmac-secret}: only its own algorithm is accepted. */
	static TokenKeys single(JWSAlgorithm algorithm, JWSVerifier verifier) {
		return new TokenKeys() {
			@Override
			public @Nullable JWSVerifier verifierFor(JWSHeader header) {
				return algorithm.equals(header.getAlgorithm()) ? verifier : null;
			}

			@Override
			public boolean trusts(@Nullable String kid) {
				return true;
			}
		};
	}
}
