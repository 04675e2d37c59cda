package dev.playgate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two local-sign gateways sharing one redis-server: one GetPlayInfo per catalogue across the fleet. */
final class LocalSignFleetTest {

	private static final String KEY = "fleetSignKey42";

	private static RedisProcess redis;
	private static VodEmulator emulator;
	private static GatewayFleet fleet;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0), CdnOptions.defaults().withKey(KEY));
		fleet = GatewayFleet.start(2, emulator, Map.of("playgate.redis.url", redis.url(),
				"playgate.redis.command-timeout", GatewayFleet.COMMAND_TIMEOUT, "playgate.play-info.mode", "local-sign",
				"playgate.play-info.url-signing.key", KEY), null);
	}

	@AfterAll
	static void stop() {
		fleet.close();
		emulator.close();
		redis.close();
	}

	@Test
	void viewersOnEveryGatewayWithManyTimeoutsCostOneGetPlayInfo() {
		String video = GatewayFleet.freshVideo();
		emulator.faults().latency(Duration.ofMillis(300), Duration.ZERO);

		List<Answer> answers = fleet.concurrently(200,
				i -> "/v1/videos/" + video + "/play-info?authTimeout=" + (100 + i % 7 * 600) + "&formats=m3u8");

		assertThat(answers).hasSize(400).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(1);
		List<String> urls = new ArrayList<>();
		answers.forEach(answer -> urls.addAll(LocalSignModeTest.playUrls(answer)));
		assertThat(new HashSet<>(urls)).hasSize(urls.size());
		assertThat(LocalSignModeTest.atEdge(emulator, urls.get(0)).statusCode()).isEqualTo(200);
		assertThat(LocalSignModeTest.atEdge(emulator, urls.get(urls.size() - 1)).statusCode()).isEqualTo(200);
	}
}
