package dev.playgate.gateway.playauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up PlayKey read against the vod-emulator, through the real SDK over HTTP with signature V1. */
final class GetAppPlayKeyEmulatorTest {

	private static final CredentialKey KEY = CredentialKey.of(Action.PLAY_AUTH,
			VideoId.parse("93ab850b4f6f44eab54b6e91d24d81d4"), Map.of());

	private final VodEmulator emulator = VodEmulator
		.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));

	private final IAcsClient client = client("testSecret");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(Clock.class, () -> Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC))
		.withUserConfiguration(LocalJwtPlayAuthConfiguration.class)
		.withPropertyValues("playgate.play-auth.mode=local-jwt", "playgate.vod.endpoint=" + emulator.endpoint(),
				"playgate.vod.protocol=http");

	@AfterEach
	void shutDown() {
		client.shutdown();
		emulator.close();
	}

	@Test
	void playKeyReadAtStartUpSignsTheMintedPlayAuths() {
		runner.withBean(IAcsClient.class, () -> client).run(context -> {
			Served served = context.getBean(LocalJwtPlayAuth.class)
				.fetch(CredentialRequest.of(KEY, Duration.ZERO))
				.block();

			assertThat(JwtPlayAuths.isSignedWith(JwtPlayAuths.token(served), playKeyOf("app-1000000"))).isTrue();
			assertThat(emulator.stats().calls("GetAppPlayKey")).isEqualTo(2);
		});
	}

	@Test
	void eachApplicationHasItsOwnPlayKey() {
		runner.withBean(IAcsClient.class, () -> client)
			.withPropertyValues("playgate.play-auth.jwt.app-id=app-2000001")
			.run(context -> {
				Served served = context.getBean(LocalJwtPlayAuth.class)
					.fetch(CredentialRequest.of(KEY, Duration.ZERO))
					.block();

				assertThat(JwtPlayAuths.isSignedWith(JwtPlayAuths.token(served), playKeyOf("app-2000001"))).isTrue();
				assertThat(JwtPlayAuths.isSignedWith(JwtPlayAuths.token(served), playKeyOf("app-1000000"))).isFalse();
			});
	}

	@Test
	void unknownApplicationFailsToStart() {
		runner.withBean(IAcsClient.class, () -> client)
			.withPropertyValues("playgate.play-auth.jwt.app-id=my-app")
			.run(context -> assertThat(context).getFailure()
				.hasStackTraceContaining("GetAppPlayKey for my-app failed: AppNotExist"));
	}

	@Test
	void wrongAccessKeySecretFailsToStart() {
		IAcsClient wrong = client("notTheSecret");
		runner.withBean(IAcsClient.class, () -> wrong)
			.run(context -> assertThat(context).getFailure()
				.hasStackTraceContaining("GetAppPlayKey for app-1000000 failed: SignatureDoesNotMatch"));
		wrong.shutdown();
	}

	/** The PlayKey as VOD reports it, read by the test itself with a raw CommonRequest. */
	private String playKeyOf(String appId) throws Exception {
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		request.setSysDomain(emulator.endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		request.setSysVersion("2017-03-21");
		request.setSysAction("GetAppPlayKey");
		request.putQueryParameter("AppId", appId);
		Map<String, Object> answer = JSONObjectUtils.parse(client.getCommonResponse(request).getData());
		return JSONObjectUtils.getString(JSONObjectUtils.getJSONObject(answer, "AppPlayKey"), "PlayKey");
	}

	private static IAcsClient client(String secret) {
		return new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", "testAk", secret));
	}
}
