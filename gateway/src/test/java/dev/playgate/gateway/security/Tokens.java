package dev.playgate.gateway.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signed test tokens and keys. */
final class Tokens {

	/** A 32-byte HS256 secret. */
	static final String SECRET = "0123456789abcdef0123456789abcdef";

	private Tokens() {
	}

	/** Claims for subject {@code player-42} valid from {@code now - 1 min} to {@code now + 10 min}. */
	static JWTClaimsSet.Builder claims(Instant now) {
		return new JWTClaimsSet.Builder().subject("player-42")
			.issueTime(Date.from(now.minusSeconds(60)))
			.notBeforeTime(Date.from(now.minusSeconds(60)))
			.expirationTime(Date.from(now.plusSeconds(600)));
	}

	/** An HS256 token signed with {@code secret}. */
	static String hs256(String secret, JWTClaimsSet claims) {
		try {
			return sign(JWSAlgorithm.HS256, new MACSigner(secret), claims);
		}
		catch (JOSEException ex) {
			throw new AssertionError(ex);
		}
	}

	/** An HS256 token signed with {@link #SECRET}, with the default claims changed by {@code change}. */
	static String hs256(Instant now, UnaryOperator<JWTClaimsSet.Builder> change) {
		return hs256(SECRET, change.apply(claims(now)).build());
	}

	/** A token signed with an RSA or EC private key. */
	static String signed(KeyPair keys, JWTClaimsSet claims) {
		try {
			if (keys.getPrivate() instanceof RSAPrivateKey rsa) {
				return sign(JWSAlgorithm.RS256, new RSASSASigner(rsa), claims);
			}
			return sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) keys.getPrivate()), claims);
		}
		catch (JOSEException ex) {
			throw new AssertionError(ex);
		}
	}

	static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	static KeyPair rsaKeys() {
		return generate("RSA", null);
	}

	static KeyPair ecKeys(String curve) {
		return generate("EC", curve);
	}

	private static KeyPair generate(String algorithm, String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (curve != null) {
				generator.initialize(new ECGenParameterSpec(curve));
			}
			else {
				generator.initialize(2048);
			}
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException ex) {
			throw new AssertionError(ex);
		}
	}

	/** The PEM {@code PUBLIC KEY} of a key. */
	static String pem(PublicKey key) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
		return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
	}
}
