package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisClusterProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The coalescing tests with three gateways on a local 3-master Redis Cluster instead of one redis-server. */
final class FleetClusterTest {

	private static final String PLAY_AUTH = "GetVideoPlayAuth";

	private static RedisClusterProcesses cluster;

	private static VodEmulator emulator;

	private static GatewayFleet fleet;

	@BeforeAll
	static void start() {
		cluster = RedisClusterProcesses.start();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		fleet = GatewayFleet.start(3, emulator, Map.of("playgate.redis.cluster-nodes",
				String.join(",", cluster.nodeAddresses()), "playgate.redis.command-timeout",
				GatewayFleet.COMMAND_TIMEOUT, "playgate.upstream.max-wait", "3s"), null);
	}

	@AfterAll
	static void stop() {
		fleet.close();
		emulator.close();
		cluster.close();
	}

	@BeforeEach
	void resetEmulator() {
		emulator.faults().clear();
		emulator.reset();
	}

	@Test
	void aThousandConcurrentRequestsOnEachOfThreeGatewaysCostOneUpstreamCall() {
		String video = GatewayFleet.freshVideo();
		emulator.faults().latency(Duration.ofMillis(300), Duration.ZERO);

		List<Answer> answers = fleet.concurrently(1000, i -> "/v1/videos/" + video + "/play-auth");

		assertThat(answers).hasSize(3000).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(1);
	}

	@Test
	void distinctVideosSpreadOverTheMastersCostOneCallEach() {
		List<String> videos = IntStream.range(0, 100).mapToObj(i -> GatewayFleet.freshVideo()).toList();

		List<Answer> answers = fleet.concurrently(100, i -> "/v1/videos/" + videos.get(i) + "/play-auth");

		assertThat(answers).hasSize(300).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(100);
		assertThat(fleet.counter("playgate.redis.fail.open")).isZero();
	}
}
