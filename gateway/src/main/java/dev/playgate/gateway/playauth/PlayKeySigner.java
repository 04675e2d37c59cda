package dev.playgate.gateway.playauth;

import java.security.GeneralSecurityException;
import java.util.Set;

import javax.crypto.Mac;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * Signs JWTPlayAuths with HS256 keyed by a PlayKey. nimbus-jose-jwt's own {@code MACSigner} refuses keys shorter than
 * 256 bits (RFC 7518 §3.2), but VOD's PlayKeys are 8 to 20 characters, so the HMAC is computed here.
 */
final class PlayKeySigner implements JWSSigner {

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256);

	private final Mac prototype;
	private final JCAContext context = new JCAContext();

	PlayKeySigner(PlayKey playKey) {
		try {
			prototype = Mac.getInstance("HmacSHA256");
			prototype.init(playKey.secretKey());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not usable with the PlayKey", ex);
		}
	}

	@Override
	public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
		if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
			throw new JOSEException("a PlayKey signs HS256 only, not " + header.getAlgorithm());
		}
		return Base64URL.encode(mac().doFinal(signingInput));
	}

	/** A fresh copy of the initialised prototype, which is never used itself, so copies can be made concurrently. */
	private Mac mac() throws JOSEException {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new JOSEException("the HmacSHA256 provider cannot copy a Mac", ex);
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return ALGORITHMS;
	}

	@Override
	public JCAContext getJCAContext() {
		return context;
	}
}
