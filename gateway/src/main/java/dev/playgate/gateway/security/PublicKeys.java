package dev.playgate.gateway.security;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import com.nimbusds.jose.jwk.Curve;

/** Reads the token-verification key of {@code playgate.security.jwt.public-key} from PEM, without BouncyCastle. */
final class PublicKeys {

	private static final String KEY_NAME = "playgate.security.jwt.public-key";

	private PublicKeys() {
	}

	/** An RSA or P-256 EC key from a PEM {@code PUBLIC KEY} (SPKI) or {@code CERTIFICATE}. */
	static PublicKey parse(String pem) {
		String type = typeOf(pem);
		byte[] der = decodeBody(pem);
		PublicKey key = type.equals("CERTIFICATE") ? fromCertificate(der) : fromSpki(der);
		if (key instanceof ECPublicKey ec && !Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
			throw new IllegalArgumentException(KEY_NAME + " must be an RSA or a P-256 EC key (ES256)");
		}
		return key;
	}

	private static String typeOf(String pem) {
		int begin = pem.indexOf("-----BEGIN ");
		int end = begin < 0 ? -1 : pem.indexOf("-----", begin + 11);
		String type = end < 0 ? "" : pem.substring(begin + 11, end);
		if (!type.equals("PUBLIC KEY") && !type.equals("CERTIFICATE")) {
			throw new IllegalArgumentException(KEY_NAME + " must be a PEM 'PUBLIC KEY' or 'CERTIFICATE', got '"
					+ (type.isEmpty() ? "no PEM header" : type) + "'");
		}
		return type;
	}

	private static byte[] decodeBody(String pem) {
		String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return Base64.getDecoder().decode(body);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(KEY_NAME + " is not valid base64 PEM: " + ex.getMessage(), ex);
		}
	}

	private static PublicKey fromSpki(byte[] der) {
		for (String algorithm : new String[] { "RSA", "EC" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
			}
			catch (GeneralSecurityException ex) {
				// not this algorithm: try the next one
			}
		}
		throw new IllegalArgumentException(KEY_NAME + " is neither an RSA nor an EC public key");
	}

	private static PublicKey fromCertificate(byte[] der) {
		try {
			PublicKey key = CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der))
				.getPublicKey();
			if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
				throw new IllegalArgumentException(KEY_NAME + " certificate holds neither an RSA nor an EC key");
			}
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(KEY_NAME + " is not a readable X.509 certificate: " + ex.getMessage(),
					ex);
		}
	}
}
