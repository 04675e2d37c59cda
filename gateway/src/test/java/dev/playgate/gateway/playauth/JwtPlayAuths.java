package dev.playgate.gateway.playauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

import dev.playgate.gateway.credential.Served;

/** Reads what {@link LocalJwtPlayAuth} hands out, the way a verifier holding the PlayKey would. */
final class JwtPlayAuths {

	private JwtPlayAuths() {
	}

	/** The public JSON answer. */
	static Map<String, Object> body(Served served) throws ParseException {
		return JSONObjectUtils.parse(new String(served.credential().body(), StandardCharsets.UTF_8));
	}

	/** The JWTPlayAuth inside the answer, decoded by nimbus. */
	static SignedJWT token(Served served) throws ParseException {
		return SignedJWT.parse((String) body(served).get("playAuth"));
	}

	/**
	 * Whether the token's HS256 signature is the PlayKey's. Computed with the JCA, because nimbus's verifier refuses
	 * keys under 256 bits and real PlayKeys are 8 to 20 characters.
	 */
	static boolean isSignedWith(SignedJWT jwt, String playKey) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(playKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return MessageDigest.isEqual(mac.doFinal(jwt.getSigningInput()), jwt.getSignature().decode());
	}
}
