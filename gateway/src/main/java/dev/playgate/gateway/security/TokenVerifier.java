package dev.playgate.gateway.security;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Checks what does not change with time in a compact JWT: its algorithm, its signature (with nimbus-jose-jwt), its
 * issuer and audience, and that it names a subject. Expiry is left to the caller, which checks it on every use.
 */
final class TokenVerifier {

	private final TokenKeys keys;
	private final @Nullable String issuer;
	private final @Nullable String audience;
	private final @Nullable String videoClaim;
	private final Rejections rejections;

	TokenVerifier(TokenKeys keys, SecurityProperties.Jwt settings, Rejections rejections) {
		this.keys = keys;
		this.issuer = settings.issuer();
		this.audience = settings.audience();
		this.videoClaim = settings.videoClaim();
		this.rejections = rejections;
	}

	private TokenVerifier(JWSAlgorithm algorithm, JWSVerifier verifier, SecurityProperties.Jwt settings,
			Rejections rejections) {
		this(TokenKeys.single(algorithm, verifier), settings, rejections);
	}

	/** The keys tokens are verified with. */
	TokenKeys keys() {
		return keys;
	}

	/** A verifier for the configured secret or public key; the only algorithm accepted is the one the key implies. */
	static TokenVerifier of(SecurityProperties.Jwt settings, Rejections rejections) {
		try {
			if (settings.hmacSecret() != null) {
				return new TokenVerifier(JWSAlgorithm.HS256, new MACVerifier(settings.hmacSecretBytes()), settings,
						rejections);
			}
			PublicKey key = PublicKeys.parse(Objects.requireNonNull(settings.publicKey(), "publicKey"));
			if (key instanceof RSAPublicKey rsa) {
				return new TokenVerifier(JWSAlgorithm.RS256, new RSASSAVerifier(rsa), settings, rejections);
			}
			return new TokenVerifier(JWSAlgorithm.ES256, new ECDSAVerifier((ECPublicKey) key), settings, rejections);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("playgate.security.jwt key is not usable: " + ex.getMessage(), ex);
		}
	}

	/** The verified token's subject and validity window, or a refusal saying what is wrong with it. */
	VerifiedToken verify(String token) {
		SignedJWT jwt = parse(token);
		JWSVerifier verifier = keys.verifierFor(jwt.getHeader());
		if (verifier == null) {
			throw rejections.unauthenticated(
					jwt.getHeader().getKeyID() == null ? Rejection.MALFORMED_TOKEN : Rejection.UNKNOWN_KEY);
		}
		if (!hasValidSignature(jwt, verifier)) {
			throw rejections.unauthenticated(Rejection.BAD_SIGNATURE);
		}
		JWTClaimsSet claims = claimsOf(jwt);
		if (issuer != null && !issuer.equals(claims.getIssuer())) {
			throw rejections.unauthenticated(Rejection.WRONG_ISSUER);
		}
		List<String> audiences = claims.getAudience();
		if (audience != null && !audiences.contains(audience)) {
			throw rejections.unauthenticated(Rejection.WRONG_AUDIENCE);
		}
		String subject = claims.getSubject();
		if (subject == null || subject.isBlank()) {
			throw rejections.unauthenticated(Rejection.NO_SUBJECT);
		}
		return new VerifiedToken(new ClientIdentity(subject, videosOf(claims)), jwt.getHeader().getKeyID(),
				millisOf(claims.getNotBeforeTime(), Long.MIN_VALUE),
				millisOf(claims.getExpirationTime(), Long.MIN_VALUE));
	}

	private SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw rejections.unauthenticated(Rejection.MALFORMED_TOKEN);
		}
	}

	/** The videos the token may ask for: {@code null} (any) without a video claim, empty when it lacks the claim. */
	private @Nullable Set<String> videosOf(JWTClaimsSet claims) {
		if (videoClaim == null) {
			return null;
		}
		Object value = claims.getClaim(videoClaim);
		Set<String> videos = new HashSet<>();
		if (value instanceof String single) {
			videos.add(single);
		}
		else if (value instanceof Collection<?> many) {
			for (Object video : many) {
				if (video instanceof String id) {
					videos.add(id);
				}
			}
		}
		return Set.copyOf(videos);
	}

	private static boolean hasValidSignature(SignedJWT jwt, JWSVerifier verifier) {
		try {
			return jwt.verify(verifier);
		}
		catch (JOSEException ex) {
			// a signature of the wrong length or shape: as bad as a wrong one
			return false;
		}
	}

	private JWTClaimsSet claimsOf(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw rejections.unauthenticated(Rejection.MALFORMED_TOKEN);
		}
	}

	private static long millisOf(@Nullable Date date, long absent) {
		return date == null ? absent : date.getTime();
	}
}
