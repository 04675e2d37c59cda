package dev.playgate.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Freshness by validity, with the gateway's clock and ticker moved by the test. */
final class FreshnessTest {

	private static final String VIDEO = "fresh" + "0".repeat(26) + "1";
	private static final String PATH = "/v1/videos/" + VIDEO + "/play-auth";

	private final FakeTime time = FakeTime.startingNow();
	private VodEmulator emulator;
	private RunningGateway gateway;

	@BeforeEach
	void start() {
		// VOD checks each call's signed Timestamp against its own clock: the emulator keeps the time the gateway keeps
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret")
			.withClock(time));
		gateway = RunningGateway.start(emulator, Map.of("playgate.cache.min-validity", "60s"), time);
	}

	@AfterEach
	void stop() {
		gateway.close();
		emulator.close();
	}

	private Duration remaining(Answer answer) {
		Instant expiresAt = Instant.parse(JsonMapper.builder().build().readTree(answer.body()).get("expiresAt").asString());
		return Duration.between(time.instant(), expiresAt);
	}

	@Test
	void credentialIsNeverServedWithLessThanMinValidityLeft() {
		Answer first = Load.get(gateway.baseUrl(), PATH);
		assertThat(first.header("X-Cache")).isEqualTo("MISS");

		for (int step = 0; step < 60; step++) {
			time.advance(Duration.ofSeconds(50));
			Answer answer = Load.get(gateway.baseUrl(), PATH);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(remaining(answer)).as("remaining validity at step %d", step)
				.isGreaterThanOrEqualTo(Duration.ofSeconds(60));
		}
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isGreaterThan(1);
	}

	@Test
	void expiringCredentialIsReplacedByANewUpstreamCall() {
		Answer first = Load.get(gateway.baseUrl(), PATH);
		time.advance(remaining(first).minusSeconds(59));

		Answer second = Load.get(gateway.baseUrl(), PATH);
		assertThat(second.header("X-Cache")).isEqualTo("MISS");
		assertThat(second.body()).isNotEqualTo(first.body());
		assertThat(remaining(second)).isGreaterThan(Duration.ofSeconds(2900));
	}

	@Test
	void requestsNeedingMoreValidityGetAFresherCredential() {
		Answer first = Load.get(gateway.baseUrl(), PATH);
		time.advance(Duration.ofSeconds(1500));

		Answer relaxed = Load.get(gateway.baseUrl(), PATH + "?minValidity=60");
		Answer demanding = Load.get(gateway.baseUrl(), PATH + "?minValidity=2000");
		assertThat(relaxed.body()).isEqualTo(first.body());
		assertThat(demanding.header("X-Cache")).isEqualTo("MISS");
		assertThat(remaining(demanding)).isGreaterThanOrEqualTo(Duration.ofSeconds(2000));
	}
}
