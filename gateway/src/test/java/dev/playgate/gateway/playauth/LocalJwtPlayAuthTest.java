package dev.playgate.gateway.playauth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class LocalJwtPlayAuthTest {

	private static final String PLAY_KEY = "yzNgTUtAl6HAuosIA";

	private static final Instant NOW = Instant.parse("2026-11-29T10:00:00.123Z");

	private static final VideoId VIDEO = VideoId.parse("93ab850b4f6f44eab54b6e91d24d81d4");

	private static final CredentialKey KEY = CredentialKey.of(Action.PLAY_AUTH, VIDEO,
			Map.of("AuthInfoTimeout", "3000"));

	private final LocalJwtPlayAuth playAuth = playAuth(PLAY_KEY, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void mintedTokenIsAnHs256JwtSignedWithThePlayKey() throws Exception {
		SignedJWT jwt = JwtPlayAuths.token(mint(KEY));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(JwtPlayAuths.isSignedWith(jwt, PLAY_KEY)).isTrue();
		assertThat(JwtPlayAuths.isSignedWith(jwt, "anotherPlayKey1")).isFalse();
	}

	@Test
	void aTokenMintedAtOnceIsTheOneFetchMints() throws Exception {
		Served atOnce = playAuth.servedAtOnce(CredentialRequest.of(KEY, Duration.ofSeconds(60)));

		assertThat(atOnce.status()).isEqualTo(CacheStatus.MISS);
		assertThat(JwtPlayAuths.token(atOnce).serialize()).isEqualTo(JwtPlayAuths.token(mint(KEY)).serialize());
	}

	@Test
	void tokenVerifiesWithNimbusWhenThePlayKeyIsLongEnoughForIt() throws Exception {
		String longKey = "aLongerPlayKeyOfThirtyTwoChars00";
		LocalJwtPlayAuth longKeyed = playAuth(longKey, Clock.fixed(NOW, ZoneOffset.UTC));

		SignedJWT jwt = JwtPlayAuths.token(longKeyed.fetch(CredentialRequest.of(KEY, Duration.ZERO)).block());

		assertThat(jwt.verify(new MACVerifier(longKey))).isTrue();
	}

	@Test
	void claimsNameTheAppVideoRegionAndValidityInMilliseconds() throws Exception {
		JWTClaimsSet claims = JwtPlayAuths.token(mint(KEY)).getJWTClaimsSet();

		assertThat(claims.getStringClaim("appId")).isEqualTo("app-1000000");
		assertThat(claims.getStringClaim("videoId")).isEqualTo(VIDEO.value());
		assertThat(claims.getStringClaim("regionId")).isEqualTo("cn-shanghai");
		assertThat(claims.getLongClaim("currentTimeStamp"))
			.isEqualTo(NOW.minus(LocalJwtPlayAuth.CLOCK_MARGIN).toEpochMilli());
		assertThat(claims.getLongClaim("expireTimeStamp")).isEqualTo(NOW.plusSeconds(3000).toEpochMilli());
	}

	@Test
	void playContentInfoCarriesThePlayParametersOnly() throws Exception {
		CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, VIDEO,
				Map.of("AuthInfoTimeout", "3000", "Formats", "m3u8,mp4", "AuthTimeout", "1800", "StreamType", "video"));

		JWTClaimsSet claims = JwtPlayAuths.token(mint(key)).getJWTClaimsSet();

		assertThat(claims.getJSONObjectClaim("playContentInfo")).containsOnly(Map.entry("formats", "m3u8,mp4"),
				Map.entry("authTimeout", 1800L), Map.entry("streamType", "video"));
	}

	@Test
	void answerHasThePublicPlayAuthShape() throws Exception {
		Served served = mint(KEY);
		Map<String, Object> body = JwtPlayAuths.body(served);

		assertThat(body).containsOnlyKeys("videoId", "playAuth", "expiresAt", "videoMeta", "requestId")
			.containsEntry("videoId", VIDEO.value())
			.containsEntry("expiresAt", "2026-11-29T10:49:55Z")
			.containsEntry("videoMeta", null);
		assertThat(UUID.fromString((String) body.get("requestId"))).isNotNull();
	}

	@Test
	void answerBytesAreThePlayAuthAnswerWithAVersionFourRequestId() throws Exception {
		String body = new String(mint(KEY).credential().body(), java.nio.charset.StandardCharsets.UTF_8);

		assertThat(body).matches("\\{\"videoId\":\"" + VIDEO.value() + "\",\"playAuth\":\"[A-Za-z0-9_.-]+\","
				+ "\"expiresAt\":\"2026-11-29T10:49:55Z\",\"videoMeta\":null,"
				+ "\"requestId\":\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"}");
	}

	@Test
	void requestIdsAreVersionFourUuidsThatDoNotRepeat() {
		java.util.Set<String> ids = new java.util.HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			UUID id = UUID.fromString(RequestIds.next());
			assertThat(id.version()).isEqualTo(4);
			assertThat(id.variant()).isEqualTo(2);
			ids.add(id.toString());
		}

		assertThat(ids).hasSize(10_000);
	}

	@Test
	void credentialIsAMissIssuedNowAndExpiringAsAdvertised() {
		Served served = mint(KEY);

		assertThat(served.status()).isEqualTo(CacheStatus.MISS);
		assertThat(served.credential().key()).isEqualTo(KEY);
		assertThat(served.credential().issuedAt()).isEqualTo(NOW);
		assertThat(served.credential().expiresAt()).isEqualTo(Instant.parse("2026-11-29T10:49:55Z"));
	}

	@Test
	void everyRequestIsMintedAfreshFromTheClock() throws Exception {
		FakeTime time = FakeTime.startingAt(NOW);
		LocalJwtPlayAuth moving = playAuth(PLAY_KEY, time);
		Served first = moving.fetch(CredentialRequest.of(KEY, Duration.ZERO)).block();

		time.advance(Duration.ofMillis(1));
		Served second = moving.fetch(CredentialRequest.of(KEY, Duration.ZERO)).block();

		assertThat(JwtPlayAuths.token(second).serialize()).isNotEqualTo(JwtPlayAuths.token(first).serialize());
		assertThat(JwtPlayAuths.body(second).get("requestId")).isNotEqualTo(JwtPlayAuths.body(first).get("requestId"));
	}

	@Test
	void minValidityBeyondTheLifetimeIsRefused() {
		StepVerifier.create(playAuth.fetch(CredentialRequest.of(KEY, Duration.ofSeconds(2996))))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidParameterException.class)
				.hasMessage("minValidity must not exceed the PlayAuth lifetime of 2995s"))
			.verify();
	}

	@Test
	void playInfoKeysAreNotItsToAnswer() {
		CredentialKey playInfo = CredentialKey.of(Action.PLAY_INFO, VIDEO, Map.of());

		StepVerifier.create(playAuth.fetch(CredentialRequest.of(playInfo, Duration.ZERO)))
			.expectError(IllegalArgumentException.class)
			.verify();
	}

	@Test
	void ttlShorterThanTheMinimumIsRefused() {
		assertThatThrownBy(() -> LocalJwtPlayAuth.of("app-1000000", PLAY_KEY, "cn-shanghai", Duration.ofSeconds(9),
				Clock.fixed(NOW, ZoneOffset.UTC)))
			.hasMessage("ttl must be at least PT10S: PT9S");
	}

	@Test
	void playKeyNeverAppearsInText() {
		assertThat(playAuth.toString()).doesNotContain(PLAY_KEY).contains("<redacted>");
		assertThat(PlayKey.of(PLAY_KEY).toString()).doesNotContain(PLAY_KEY);
	}

	@Test
	void headerIsTheCompactHs256JwtHeader() throws Exception {
		String token = JwtPlayAuths.token(mint(KEY)).serialize();

		String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8);
		assertThat(header).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		assertThat(token).doesNotContain("=");
	}

	@Test
	void claimsStayJsonWhenConfiguredNamesNeedEscaping() throws Exception {
		LocalJwtPlayAuth odd = LocalJwtPlayAuth.of("app-\"1\"\\\u00e9", PLAY_KEY, "cn-\u4e0a\u6d77",
				Duration.ofSeconds(3000), Clock.fixed(NOW, ZoneOffset.UTC));

		SignedJWT jwt = JwtPlayAuths.token(odd.fetch(CredentialRequest.of(KEY, Duration.ZERO)).block());

		assertThat(jwt.getJWTClaimsSet().getStringClaim("appId")).isEqualTo("app-\"1\"\\\u00e9");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("regionId")).isEqualTo("cn-\u4e0a\u6d77");
		assertThat(JwtPlayAuths.isSignedWith(jwt, PLAY_KEY)).isTrue();
	}

	@Test
	void tokensMintedOnManyThreadsAllVerify() throws Exception {
		List<Served> minted = Flux.range(0, 400)
			.parallel(4)
			.runOn(Schedulers.parallel())
			.flatMap(i -> playAuth.fetch(CredentialRequest.of(KEY, Duration.ZERO)))
			.sequential()
			.collectList()
			.block();

		assertThat(minted).hasSize(400);
		for (Served served : minted) {
			assertThat(JwtPlayAuths.isSignedWith(JwtPlayAuths.token(served), PLAY_KEY)).isTrue();
		}
	}

	private Served mint(CredentialKey key) {
		Served served = playAuth.fetch(CredentialRequest.of(key, Duration.ofSeconds(60))).block();
		assertThat(served).isNotNull();
		return served;
	}

	private static LocalJwtPlayAuth playAuth(String playKey, Clock clock) {
		return LocalJwtPlayAuth.of("app-1000000", playKey, "cn-shanghai", Duration.ofSeconds(3000), clock);
	}
}
