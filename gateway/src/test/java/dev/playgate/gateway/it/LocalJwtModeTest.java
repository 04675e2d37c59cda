package dev.playgate.gateway.it;

import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.HealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

/** In local-jwt mode PlayAuths are minted per viewer with no upstream call; play-info still goes through the tiers. */
final class LocalJwtModeTest {

	private static final String VIDEO = "jwtmode" + "0".repeat(24) + "1";
	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.play-auth.mode", "local-jwt",
				"playgate.play-auth.jwt.play-key", "localPlayKey123"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@Test
	void playAuthIsMintedLocallyForEveryViewer() {
		Answer first = Load.get(gateway.baseUrl(), "/v1/videos/" + VIDEO + "/play-auth");
		Answer second = Load.get(gateway.baseUrl(), "/v1/videos/" + VIDEO + "/play-auth");

		assertThat(first.status()).isEqualTo(200);
		String token = JsonMapper.builder().build().readTree(first.body()).get("playAuth").asString();
		assertThat(token.split("\\.")).hasSize(3);
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isZero();
		assertThat(second.status()).isEqualTo(200);
	}

	@Test
	void readinessNamesEachActionsChainFromTheStageList() {
		HealthIndicator playgate = gateway.context().getBean("playgateHealthIndicator", HealthIndicator.class);

		assertThat(playgate.health(true).getDetails().get("chains")).isEqualTo(Map.of("play-auth", List.of("local-jwt"),
				"play-info", List.of("negative-cache", "local", "upstream")));
	}

	@Test
	void playInfoIsStillCached() {
		Load.get(gateway.baseUrl(), "/v1/videos/" + VIDEO + "/play-info");
		Answer again = Load.get(gateway.baseUrl(), "/v1/videos/" + VIDEO + "/play-info");

		assertThat(again.header("X-Cache")).isEqualTo("HIT");
		assertThat(emulator.stats().calls("GetPlayInfo")).isEqualTo(1);
	}
}
