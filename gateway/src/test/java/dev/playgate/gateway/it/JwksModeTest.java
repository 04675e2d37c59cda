package dev.playgate.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mode {@code jwt} with {@code jwks-uri}: a real gateway verifying tokens with the key set a small local IdP serves,
 * through rotation, removal and an IdP outage, and the video claim.
 */
final class JwksModeTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final String ISSUER = "https://idp.test";
	private static final String AUDIENCE = "playgate";
	private static final Duration PATIENCE = Duration.ofSeconds(45);

	private static final RSAKey K1 = rsa("k1");
	private static final ECKey K2 = ec("k2");
	private static final RSAKey K3 = rsa("k3");

	private static final Map<String, JWK> served = new ConcurrentHashMap<>();
	private static volatile boolean idpDown;
	private static DisposableServer idp;
	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		served.put("k1", K1);
		served.put("k3", K3);
		idp = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes.get("/jwks.json",
				(request, response) -> idpDown ? response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send()
						: response.header("Content-Type", "application/json")
							.sendString(Mono.just(new JWKSet(List.copyOf(served.values())).toPublicJWKSet().toString()))))
			.bindNow();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.security.mode", "jwt",
				"playgate.security.jwt.jwks-uri", "http://127.0.0.1:" + idp.port() + "/jwks.json",
				"playgate.security.jwt.jwks-refresh", "10s",
				"playgate.security.jwt.issuer", ISSUER,
				"playgate.security.jwt.audience", AUDIENCE,
				"playgate.security.jwt.video-claim", "videos"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
		idp.disposeNow();
	}

	private static RSAKey rsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey ec(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String video(int n) {
		String digits = Integer.toString(n);
		return "jwks" + "0".repeat(28 - digits.length()) + digits;
	}

	private static String token(JWK key, String subject, List<String> videos) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
			.expirationTime(Date.from(Instant.now().plusSeconds(3600)))
			.claim("videos", videos)
			.build();
		try {
			boolean rsa = key instanceof RSAKey;
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(rsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(rsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int status(String token, String videoId) {
		return gateway.client().get().uri("/v1/videos/" + videoId + "/play-auth")
			.header("Authorization", "Bearer " + token)
			.exchange().returnResult(String.class).getStatus().value();
	}

	private static int eventually(String token, String videoId, IntPredicate wanted) {
		int[] status = {status(token, videoId)};
		try {
			Awaitility.await("status").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
				.until(() -> wanted.test(status[0] = status(token, videoId)));
		}
		catch (org.awaitility.core.ConditionTimeoutException notYet) {
			// the caller's assertion names the status that was last seen
		}
		return status[0];
	}

	@Test
	void aTokenSignedByAServedKidIsAccepted() throws Exception {
		assertThat(eventually(token(K1, "player-1", List.of(video(1))), video(1), s -> s == 200)).isEqualTo(200);
	}

	@Test
	void aKeyAddedByRotationIsFetchedOnItsUnknownKid() throws Exception {
		served.put("k2", K2);

		assertThat(eventually(token(K2, "player-2", List.of(video(2))), video(2), s -> s == 200)).isEqualTo(200);
	}

	@Test
	void aKeyRemovedFromTheSetIsRefusedAfterTheNextRefresh() throws Exception {
		String token = token(K3, "player-3", List.of(video(3)));
		assertThat(eventually(token, video(3), s -> s == 200)).isEqualTo(200);

		served.remove("k3");

		assertThat(eventually(token, video(3), s -> s == 401)).isEqualTo(401);
	}

	@Test
	void anUnreachableIdpLeavesTheLastSetVerifying() throws Exception {
		String token = token(K1, "player-4", List.of(video(4)));
		assertThat(eventually(token, video(4), s -> s == 200)).isEqualTo(200);
		idpDown = true;
		try {
			Awaitility.await("verifying with the last good set while the IdP is down")
				.during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(status(token, video(4))).isEqualTo(200));
		}
		finally {
			idpDown = false;
		}
	}

	@Test
	void aVideoOutsideTheTokensVideoClaimIsRefused() throws Exception {
		String token = token(K1, "player-5", List.of(video(5)));
		assertThat(eventually(token, video(5), s -> s == 200)).isEqualTo(200);

		gateway.client().get().uri("/v1/videos/" + video(6) + "/play-auth").header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType("application/problem+json")
			.expectBody().jsonPath("$.code").isEqualTo("VIDEO_NOT_ALLOWED");
		byte[] body = gateway.client().post().uri("/v1/play-auth/batch").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", "Bearer " + token)
			.bodyValue("{\"videoIds\":[\"" + video(5) + "\",\"" + video(6) + "\"]}")
			.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
		JsonNode items = JSON.readTree(body).get("items");
		assertThat(items.get(0).get("playAuth").asString()).isNotBlank();
		assertThat(items.get(1).get("code").asString()).isEqualTo("VIDEO_NOT_ALLOWED");
		assertThat(items.get(1).get("status").asInt()).isEqualTo(403);
		assertThat(emulator.stats().callsForVideo(video(6))).isZero();
	}
}
