package dev.playgate.gateway.playauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.aliyuncs.IAcsClient;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;

import static org.assertj.core.api.Assertions.assertThat;

final class LocalJwtPlayAuthConfigurationTest {

	private static final String PLAY_KEY = "yzNgTUtAl6HAuosIA";

	private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

	private static final CredentialKey KEY = CredentialKey.of(Action.PLAY_AUTH,
			VideoId.parse("93ab850b4f6f44eab54b6e91d24d81d4"), Map.of());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(Clock.class, () -> Clock.fixed(NOW, ZoneOffset.UTC))
		.withUserConfiguration(LocalJwtPlayAuthConfiguration.class);

	@Test
	void upstreamModeCreatesNoMinter() {
		runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalJwtPlayAuth.class));
		runner.withPropertyValues("playgate.play-auth.mode=upstream")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalJwtPlayAuth.class));
	}

	@Test
	void configuredPlayKeySignsWithoutAnyUpstreamCall() {
		runner
			.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.play-auth.jwt.play-key=" + PLAY_KEY,
					"playgate.play-auth.jwt.app-id=app-2000001", "playgate.play-auth.jwt.ttl=10m",
					"playgate.vod.region-id=ap-southeast-1")
			.run(context -> {
				SignedJWT jwt = JwtPlayAuths.token(mint(context));
				JWTClaimsSet claims = jwt.getJWTClaimsSet();

				assertThat(JwtPlayAuths.isSignedWith(jwt, PLAY_KEY)).isTrue();
				assertThat(claims.getStringClaim("appId")).isEqualTo("app-2000001");
				assertThat(claims.getStringClaim("regionId")).isEqualTo("ap-southeast-1");
				assertThat(claims.getLongClaim("expireTimeStamp")).isEqualTo(NOW.plusSeconds(600).toEpochMilli());
			});
	}

	@Test
	void emptyPlayKeyIsReadWithGetAppPlayKeyAtStartUp() {
		try (StubVod vod = StubVod.withPlayKey("app-1000000", PLAY_KEY)) {
			IAcsClient client = StubVod.client();
			runner.withBean(IAcsClient.class, () -> client)
				.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.vod.endpoint=" + vod.endpoint(),
						"playgate.vod.protocol=http")
				.run(context -> {
					assertThat(JwtPlayAuths.isSignedWith(JwtPlayAuths.token(mint(context)), PLAY_KEY)).isTrue();
					assertThat(vod.queries()).hasSize(1);
				});
			client.shutdown();
		}
	}

	@Test
	void emptyPlayKeyWithoutAnAcsClientFailsToStart() {
		runner.withPropertyValues("playgate.play-auth.mode=local-jwt")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("playgate.play-auth.jwt.play-key is empty and there is no IAcsClient to read it with "
						+ "GetAppPlayKey"));
	}

	@Test
	void refusedGetAppPlayKeyFailsToStart() {
		String error = "{\"RequestId\":\"req-1\",\"Code\":\"Forbidden.RAMUserAccessDenied\",\"Message\":\"denied\"}";
		try (StubVod vod = StubVod.answering(403, error)) {
			IAcsClient client = StubVod.client();
			runner.withBean(IAcsClient.class, () -> client)
				.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.vod.endpoint=" + vod.endpoint(),
						"playgate.vod.protocol=http")
				.run(context -> assertThat(context).getFailure()
					.hasStackTraceContaining("GetAppPlayKey for app-1000000 failed: Forbidden.RAMUserAccessDenied"));
			client.shutdown();
		}
	}

	@Test
	void tooShortTtlFailsToStart() {
		runner.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.play-auth.jwt.play-key=" + PLAY_KEY,
				"playgate.play-auth.jwt.ttl=5s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("playgate.play-auth.jwt.ttl must be at least 10s: PT5S"));
	}

	@Test
	void unknownVodProtocolFailsToStart() {
		runner.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.play-auth.jwt.play-key=" + PLAY_KEY,
				"playgate.vod.protocol=ftp")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("playgate.vod.protocol must be 'https' or 'http': 'ftp'"));
	}

	@Test
	void propertiesNeverShowThePlayKey() {
		runner.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.play-auth.jwt.play-key=" + PLAY_KEY)
			.run(context -> assertThat(context.getBean(PlayAuthProperties.class).toString()).doesNotContain(PLAY_KEY));
	}

	private static Served mint(AssertableApplicationContext context) {
		Served served = context.getBean(LocalJwtPlayAuth.class)
			.fetch(CredentialRequest.of(KEY, Duration.ZERO))
			.block();
		assertThat(served).isNotNull();
		return served;
	}
}
