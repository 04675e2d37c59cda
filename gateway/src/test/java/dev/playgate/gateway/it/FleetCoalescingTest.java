package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.budget.ClusterUpstreamBudget;
import dev.playgate.gateway.budget.FairBudget;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Three gateways sharing one redis-server and one vod-emulator: one upstream call per key across the fleet. */
final class FleetCoalescingTest {

	private static final String PLAY_AUTH = "GetVideoPlayAuth";

	private static RedisProcess redis;

	private static VodEmulator emulator;

	private static GatewayFleet fleet;

	private static RedisClient admin;

	private static StatefulRedisConnection<String, String> adminConnection;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		// three gateways' SDK threads share two cores here, so an SDK call can take far longer than on a real pod:
		// a lower budget paces the 300 misses so that neither the bulkhead nor the permit wait is what is measured
		fleet = GatewayFleet.start(3, emulator, Map.of("playgate.redis.url", redis.url(),
				"playgate.redis.command-timeout", GatewayFleet.COMMAND_TIMEOUT, "playgate.upstream.permits-per-second",
				150, "playgate.upstream.max-wait", "5s", "playgate.upstream.max-concurrent-calls", 128), null);
		admin = RedisClient.create(redis.url());
		adminConnection = admin.connect();
	}

	@AfterAll
	static void stop() {
		adminConnection.close();
		admin.shutdown();
		fleet.close();
		emulator.close();
		redis.close();
	}

	@BeforeEach
	void resetStats() {
		emulator.faults().clear();
		emulator.reset();
	}

	@Test
	void aThousandConcurrentRequestsOnEachOfThreeGatewaysCostOneUpstreamCall() {
		String video = GatewayFleet.freshVideo();
		// a slow upstream, so that every request arrives while the one call is in flight
		emulator.faults().latency(Duration.ofMillis(300), Duration.ZERO);

		List<Answer> answers = fleet.concurrently(1000, i -> "/v1/videos/" + video + "/play-auth");

		assertThat(answers).hasSize(3000).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(1);
		assertThat(answers).filteredOn(a -> "MISS".equals(a.header("X-Cache"))).hasSize(1);
		assertThat(answers.stream().map(Answer::body).distinct()).hasSize(1);
	}

	@Test
	void threeHundredDistinctVideosRequestedOnEveryGatewayCostThreeHundredCalls() {
		List<String> videos = IntStream.range(0, 300).mapToObj(i -> GatewayFleet.freshVideo()).toList();

		List<Answer> answers = fleet.concurrently(300, i -> "/v1/videos/" + videos.get(i) + "/play-auth");

		assertThat(answers).hasSize(900).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(300);
		assertThat(emulator.stats().distinctVideos()).isEqualTo(300);
	}

	@Test
	void credentialFetchedByOneGatewayIsAnL2HitOnTheOthers() {
		String video = GatewayFleet.freshVideo();
		String path = "/v1/videos/" + video + "/play-info";
		Answer first = Load.get(fleet.gateway(0).baseUrl(), path);
		GatewayFleet.awaitFillsLanded(adminConnection, video);

		Answer second = Load.get(fleet.gateway(1).baseUrl(), path);
		Answer third = Load.get(fleet.gateway(2).baseUrl(), path);

		assertThat(first.header("X-Cache")).isEqualTo("MISS");
		assertThat(List.of(second.header("X-Cache"), third.header("X-Cache"))).containsOnly("HIT");
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(emulator.stats().calls("GetPlayInfo")).isEqualTo(1);
	}

	@Test
	void theClusterBudgetReplacesTheLocalOne() {
		assertThat(fleet.gateway(0).context().getBeansOfType(UpstreamBudget.class).values()).singleElement()
			.isInstanceOf(FairBudget.class);
		assertThat(fleet.gateway(0).context().getBean(AccountQuota.class).budget())
			.isInstanceOf(ClusterUpstreamBudget.class);
	}
}
