package dev.playgate.gateway.security;

import dev.playgate.gateway.time.FakeTime;
import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.playgate.gateway.credential.UnauthenticatedException;

import static dev.playgate.gateway.security.Requests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
final class SecurityConfigurationTest {

	private static final String PLAYER_KEY = "pk_live_3f9a1c0e7b2d4e6f8a0b1c2d";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TimeAndMetrics.class, SecurityConfiguration.class);

	@Test
	void defaultModeIsNoneAndAdmitsEveryoneAsAnonymous() {
		runner.run(context -> {
			assertThat(context.getBean(SecurityProperties.class).mode()).isEqualTo(SecurityProperties.Mode.NONE);
			assertThat(gate(context).admit(headers())).isSameAs(ClientIdentity.ANONYMOUS);
		});
	}

	@Test
	void modeNoneOutsideTheDemoProfileWarnsLoudlyAtStartUp(CapturedOutput output) {
		runner.withPropertyValues("spring.profiles.active=prod").run(context -> assertThat(context).hasNotFailed());
		assertThat(output).contains("WARN", "UNAUTHENTICATED: playgate.security.mode is none outside the demo profile",
				"api-key or jwt");
	}

	@Test
	void modeNoneInTheDemoProfileDoesNotWarn(CapturedOutput output) {
		// one start outside demo, to show the capture sees the warning, then one in demo: still one warning
		runner.withPropertyValues("spring.profiles.active=prod").run(context -> assertThat(context).hasNotFailed());
		runner.withPropertyValues("spring.profiles.active=demo").run(context -> assertThat(context).hasNotFailed());
		assertThat(output.toString().split("UNAUTHENTICATED", -1)).hasSize(2);
	}

	@Test
	void authenticatedModeDoesNotWarn(CapturedOutput output) {
		runner
			.withPropertyValues("playgate.security.mode=api-key", "playgate.security.api-keys[0].id=player-app",
					"playgate.security.api-keys[0].sha256=" + ApiKeyGateTest.sha256(PLAYER_KEY))
			.run(context -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("UNAUTHENTICATED");
	}

	@Test
	void apiKeyModeBindsIndexedKeysAndAuthenticates() {
		runner
			.withPropertyValues("playgate.security.mode=api-key", "playgate.security.api-keys[0].id=player-app",
					"playgate.security.api-keys[0].sha256=" + ApiKeyGateTest.sha256(PLAYER_KEY))
			.run(context -> {
				assertThat(gate(context).admit(headers("X-Api-Key", PLAYER_KEY)).id()).isEqualTo("player-app");
				assertThatThrownBy(() -> gate(context).admit(headers("X-Api-Key", "wrong")))
					.isInstanceOf(UnauthenticatedException.class);
				assertThat(context.getBean(MeterRegistry.class)
					.get(Rejections.METRIC)
					.tag("reason", "invalid-key")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void apiKeyModeWithoutKeysFailsToStart() {
		assertStartupFails("playgate.security.api-keys must list at least one key",
				"playgate.security.mode=api-key");
	}

	@Test
	void malformedSha256FailsToStartWithoutEchoingIt() {
		runner
			.withPropertyValues("playgate.security.mode=api-key", "playgate.security.api-keys[0].id=player-app",
					"playgate.security.api-keys[0].sha256=" + PLAYER_KEY)
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("playgate.security.api-keys[0].sha256 must be 64 hex digits")
				.message()
				.doesNotContain(PLAYER_KEY));
	}

	@Test
	void apiKeyWithoutIdFailsToStart() {
		assertStartupFails("playgate.security.api-keys[0].id must not be empty", "playgate.security.mode=api-key",
				"playgate.security.api-keys[0].sha256=" + ApiKeyGateTest.sha256(PLAYER_KEY));
	}

	@Test
	void duplicateIdsFailToStart() {
		assertStartupFails("playgate.security.api-keys[1].id repeats api-keys[0].id: 'app'",
				"playgate.security.mode=api-key", "playgate.security.api-keys[0].id=app",
				"playgate.security.api-keys[0].sha256=" + ApiKeyGateTest.sha256("one"),
				"playgate.security.api-keys[1].id=app",
				"playgate.security.api-keys[1].sha256=" + ApiKeyGateTest.sha256("two"));
	}

	@Test
	void jwtModeWithNeitherSecretNorKeyFailsToStart() {
		assertStartupFails("playgate.security.jwt.hmac-secret, public-key or jwks-uri must be set",
				"playgate.security.mode=jwt");
	}

	@Test
	void jwtModeWithBothSecretAndKeyFailsToStart() {
		assertStartupFails("set only one of", "playgate.security.mode=jwt",
				"playgate.security.jwt.hmac-secret=" + Tokens.SECRET,
				"playgate.security.jwt.public-key=" + Tokens.pem(Tokens.rsaKeys().getPublic()));
	}

	@Test
	void shortHmacSecretFailsToStart() {
		assertStartupFails("playgate.security.jwt.hmac-secret must be at least 32 bytes for HS256, got 6",
				"playgate.security.mode=jwt", "playgate.security.jwt.hmac-secret=secret");
	}

	@Test
	void unreadablePublicKeyFailsToStart() {
		assertStartupFails("playgate.security.jwt.public-key must be a PEM 'PUBLIC KEY' or 'CERTIFICATE'",
				"playgate.security.mode=jwt", "playgate.security.jwt.public-key=not a key");
		assertStartupFails("playgate.security.jwt.public-key is neither an RSA nor an EC public key",
				"playgate.security.mode=jwt",
				"playgate.security.jwt.public-key=-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
	}

	@Test
	void ecKeyOnAnotherCurveThanP256FailsToStart() {
		assertStartupFails("must be an RSA or a P-256 EC key", "playgate.security.mode=jwt",
				"playgate.security.jwt.public-key=" + Tokens.pem(Tokens.ecKeys("secp384r1").getPublic()));
	}

	@Test
	void unknownModeFailsToStartNamingTheKey() {
		runner.withPropertyValues("playgate.security.mode=oauth")
			.run(context -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'playgate.security.mode'")
				.hasStackTraceContaining("oauth"));
	}

	@Test
	void negativeClockSkewFailsToStart() {
		assertStartupFails("playgate.security.jwt.clock-skew must be within 0s..10m: PT-1S",
				"playgate.security.jwt.clock-skew=-1s");
	}

	@Test
	void negativeRateFailsToStart() {
		assertStartupFails("requests-per-second must be within 0..1000000 (0 = off): -1.0",
				"playgate.security.client-rate-limit.requests-per-second=-1");
	}

	@Test
	void quotaWrapsTheGateWhenARateIsSet() {
		runner.withPropertyValues("playgate.security.client-rate-limit.requests-per-second=1")
			.run(context -> {
				assertThat(gate(context)).isInstanceOf(RateLimitedGate.class);
				gate(context).admit(headers());
				assertThatThrownBy(() -> gate(context).admit(headers()))
					.isInstanceOf(dev.playgate.gateway.credential.ClientRateLimitedException.class);
			});
	}

	@Test
	void toStringRedactsSecrets() {
		runner
			.withPropertyValues("playgate.security.mode=jwt", "playgate.security.jwt.hmac-secret=" + Tokens.SECRET,
					"playgate.security.api-keys[0].id=app",
					"playgate.security.api-keys[0].sha256=" + ApiKeyGateTest.sha256(PLAYER_KEY))
			.run(context -> assertThat(context.getBean(SecurityProperties.class).toString())
				.contains("mode=JWT", "id=app", "<redacted>")
				.doesNotContain(Tokens.SECRET, ApiKeyGateTest.sha256(PLAYER_KEY)));
	}

	private void assertStartupFails(String message, String... properties) {
		runner.withPropertyValues(properties)
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(message));
	}

	private static ClientGate gate(AssertableApplicationContext context) {
		return context.getBean(ClientGate.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class TimeAndMetrics {

		private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-11-29T10:00:00Z"));

		@Bean
		Clock clock() {
			return time;
		}

		@Bean
		Ticker ticker() {
			return time;
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}
	}
}
