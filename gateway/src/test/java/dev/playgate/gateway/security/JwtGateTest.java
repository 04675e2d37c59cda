package dev.playgate.gateway.security;

import dev.playgate.gateway.time.FakeTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.playgate.gateway.credential.UnauthenticatedException;

import static dev.playgate.gateway.security.Requests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class JwtGateTest {

	private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

	private final FakeTime time = FakeTime.startingAt(NOW);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final JwtGate gate = gate(hmac(null, null));

	@Test
	void validBearerTokenIdentifiesItsSubject() {
		assertThat(gate.admit(bearer(Tokens.hs256(NOW, c -> c)))).isEqualTo(new ClientIdentity("player-42"));
	}

	@Test
	void expiredTokenIsRefusedOnceTheSkewHasPassed() {
		String lateButWithinSkew = Tokens.hs256(NOW, c -> c.expirationTime(Date.from(NOW.minusSeconds(29))));
		String expired = Tokens.hs256(NOW, c -> c.expirationTime(Date.from(NOW.minusSeconds(31))));

		assertThat(gate.admit(bearer(lateButWithinSkew)).id()).isEqualTo("player-42");
		assertThat(refusal(bearer(expired))).hasMessage("the token has expired or has no expiry");
		assertThat(rejections("expired")).isEqualTo(1);
	}

	@Test
	void rememberedTokenStillExpiresWithTheClock() {
		HttpHeaders request = bearer(Tokens.hs256(NOW, c -> c));
		gate.admit(request);

		time.advance(Duration.ofSeconds(600 + 31));

		assertThat(refusal(request)).hasMessageContaining("expired");
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		assertThat(refusal(bearer(Tokens.hs256(NOW, c -> c.expirationTime(null))))).hasMessageContaining("no expiry");
	}

	@Test
	void tokenIsRefusedBeforeItsNotBeforeTimeAndAcceptedAfter() {
		HttpHeaders request = bearer(Tokens.hs256(NOW, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(60)))));

		assertThat(refusal(request)).hasMessage("the token is not yet valid");
		time.advance(Duration.ofSeconds(31));
		assertThat(gate.admit(request).id()).isEqualTo("player-42");
		assertThat(rejections("not-yet-valid")).isEqualTo(1);
	}

	@Test
	void tokenSignedWithAnotherSecretIsRefused() {
		String forged = Tokens.hs256("another-secret-of-at-least-32-bytes!", Tokens.claims(NOW).build());

		assertThat(refusal(bearer(forged))).hasMessage("the token signature is not valid");
		assertThat(rejections("signature")).isEqualTo(1);
	}

	@Test
	void tokenWithAlteredClaimsIsRefused() {
		String[] parts = Tokens.hs256(NOW, c -> c).split("\\.");
		String otherClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Tokens.claims(NOW).subject("admin").build().toString().getBytes());

		assertThat(refusal(bearer(parts[0] + "." + otherClaims + "." + parts[2])))
			.hasMessage("the token signature is not valid");
	}

	@Test
	void unsignedTokenIsRefusedAsMalformed() {
		String unsigned = new PlainJWT(Tokens.claims(NOW).build()).serialize();

		assertThat(refusal(bearer(unsigned))).hasMessage("the token is malformed");
	}

	@Test
	void garbageIsRefusedAsMalformed() {
		assertThat(refusal(bearer("not.a.jwt"))).hasMessage("the token is malformed");
		assertThat(refusal(bearer("x".repeat(9000)))).hasMessage("the token is malformed");
	}

	@Test
	void tokenOfAnotherAlgorithmThanTheKeysIsRefused() throws JOSEException {
		// HS384 with the very same secret: a valid MAC, but not the algorithm the configuration implies
		String hs384 = Tokens.sign(JWSAlgorithm.HS384, new MACSigner(Tokens.SECRET + Tokens.SECRET),
				Tokens.claims(NOW).build());

		assertThat(refusal(bearer(hs384))).hasMessage("the token is malformed");
	}

	@Test
	void issuerIsCheckedWhenConfigured() {
		JwtGate strict = gate(hmac("https://issuer.example", null));

		assertThat(strict.admit(bearer(Tokens.hs256(NOW, c -> c.issuer("https://issuer.example")))).id())
			.isEqualTo("player-42");
		assertThat(catchRefusal(strict, bearer(Tokens.hs256(NOW, c -> c.issuer("https://evil.example")))))
			.hasMessage("the token issuer is not accepted");
		assertThat(catchRefusal(strict, bearer(Tokens.hs256(NOW, c -> c)))).hasMessageContaining("issuer");
	}

	@Test
	void audienceIsCheckedWhenConfigured() {
		JwtGate strict = gate(hmac(null, "playgate"));

		assertThat(strict.admit(bearer(Tokens.hs256(NOW, c -> c.audience(List.of("cdn", "playgate"))))).id())
			.isEqualTo("player-42");
		assertThat(catchRefusal(strict, bearer(Tokens.hs256(NOW, c -> c.audience("cdn")))))
			.hasMessage("the token audience is not accepted");
		assertThat(rejections("audience")).isEqualTo(1);
	}

	@Test
	void tokenWithoutSubjectIsRefused() {
		assertThat(refusal(bearer(Tokens.hs256(NOW, c -> c.subject(null))))).hasMessage("the token has no subject");
	}

	@Test
	void missingOrNonBearerAuthorizationIsRefusedAsMissing() {
		assertThat(refusal(headers())).hasMessage("a bearer token is required");
		assertThat(refusal(headers("Authorization", "Basic dXNlcjpwYXNz"))).hasMessage("a bearer token is required");
		assertThat(rejections("missing")).isEqualTo(2);
	}

	@Test
	void refusalNeverRepeatsTheToken() {
		String forged = Tokens.hs256("another-secret-of-at-least-32-bytes!", Tokens.claims(NOW).build());

		assertThat(refusal(bearer(forged)).getMessage()).doesNotContain(forged.substring(0, 20));
	}

	@Test
	void dedicatedHeaderMayCarryTheBareToken() {
		JwtGate custom = gate(new SecurityProperties.Jwt(Tokens.SECRET, null, null, null, Duration.ofSeconds(30),
				"X-Player-Token"));
		String token = Tokens.hs256(NOW, c -> c);

		assertThat(custom.admit(headers("X-Player-Token", token)).id()).isEqualTo("player-42");
		assertThat(custom.admit(headers("X-Player-Token", "Bearer " + token)).id()).isEqualTo("player-42");
		assertThat(catchRefusal(custom, bearer(token))).hasMessage("a bearer token is required");
	}

	@Test
	void rs256TokenVerifiesWithAPemPublicKey() {
		KeyPair keys = Tokens.rsaKeys();
		JwtGate rsa = gate(publicKey(Tokens.pem(keys.getPublic())));

		assertThat(rsa.admit(bearer(Tokens.signed(keys, Tokens.claims(NOW).build()))).id()).isEqualTo("player-42");
		assertThat(catchRefusal(rsa, bearer(Tokens.signed(Tokens.rsaKeys(), Tokens.claims(NOW).build()))))
			.hasMessage("the token signature is not valid");
	}

	@Test
	void es256TokenVerifiesWithAPemPublicKey() {
		KeyPair keys = Tokens.ecKeys("secp256r1");
		JwtGate ec = gate(publicKey(Tokens.pem(keys.getPublic())));

		assertThat(ec.admit(bearer(Tokens.signed(keys, Tokens.claims(NOW).build()))).id()).isEqualTo("player-42");
	}

	@Test
	void hmacTokenIsRefusedByAPublicKeyGate() {
		// the classic confusion: an HS256 token whose "secret" is the public key's PEM text
		KeyPair keys = Tokens.rsaKeys();
		String pem = Tokens.pem(keys.getPublic());
		JwtGate rsa = gate(publicKey(pem));

		assertThat(catchRefusal(rsa, bearer(Tokens.hs256(pem, Tokens.claims(NOW).build()))))
			.hasMessage("the token is malformed");
	}

	@Test
	void verifiedTokensAreRememberedByDigestOnly() {
		gate.admit(bearer(Tokens.hs256(NOW, c -> c)));
		gate.admit(bearer(Tokens.hs256(NOW, c -> c)));
		gate.admit(bearer(Tokens.hs256(NOW, c -> c.subject("player-43"))));

		assertThat(gate.rememberedTokens()).isEqualTo(2);
	}

	@Test
	void rememberedTokensAreForgottenAfterAWhile() {
		gate.admit(bearer(Tokens.hs256(NOW, c -> c)));

		time.advance(JwtGate.REMEMBER_FOR.plusSeconds(1));

		assertThat(gate.rememberedTokens()).isZero();
	}

	private JwtGate gate(SecurityProperties.Jwt settings) {
		return JwtGate.of(settings, time, time, new Rejections(registry));
	}

	private static SecurityProperties.Jwt hmac(@Nullable String issuer, @Nullable String audience) {
		return new SecurityProperties.Jwt(Tokens.SECRET, null, issuer, audience, Duration.ofSeconds(30),
				"Authorization");
	}

	private static SecurityProperties.Jwt publicKey(String pem) {
		return new SecurityProperties.Jwt(null, pem, null, null, Duration.ofSeconds(30), "Authorization");
	}

	private static HttpHeaders bearer(String token) {
		return headers("Authorization", "Bearer " + token);
	}

	private UnauthenticatedException refusal(HttpHeaders headers) {
		return catchRefusal(gate, headers);
	}

	private static UnauthenticatedException catchRefusal(JwtGate gate, HttpHeaders headers) {
		UnauthenticatedException refusal = catchThrowableOfType(UnauthenticatedException.class,
				() -> gate.admit(headers));
		assertThat(refusal).as("refusal").isNotNull();
		return refusal;
	}

	private double rejections(String reason) {
		return registry.get(Rejections.METRIC).tag("reason", reason).counter().count();
	}
}
