package dev.playgate.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.time.FakeTime;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key read without pause on three gateways over three validity windows, with the gateways' clock moved by the test:
 * refresh-ahead on one gateway, L2 hits on the others, never a miss after the first request. The clock moves only
 * once the fleet has settled (no refresh in flight, every fill landed): a replica's wait for another's fill is timed
 * on the real scheduler, and fake time moved under it would end it early.
 */
final class FleetFreshnessTest {

	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static final Duration LIFETIME = Duration.ofSeconds(3000);

	private final FakeTime time = FakeTime.startingNow();

	private RedisProcess redis;

	private VodEmulator emulator;

	private GatewayFleet fleet;

	private RedisClient admin;

	private StatefulRedisConnection<String, String> adminConnection;

	@BeforeEach
	void start() {
		redis = RedisProcess.start();
		// VOD checks each call's signed Timestamp against its own clock: the emulator keeps the time the gateway keeps
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret")
			.withClock(time));
		fleet = GatewayFleet.start(3, emulator, Map.of("playgate.redis.url", redis.url(),
				"playgate.redis.command-timeout", GatewayFleet.COMMAND_TIMEOUT, "playgate.cache.min-validity", "60s"),
				time);
		admin = RedisClient.create(redis.url());
		adminConnection = admin.connect();
	}

	@AfterEach
	void stop() {
		adminConnection.close();
		admin.shutdown();
		fleet.close();
		emulator.close();
		redis.close();
	}

	@Test
	void keyReadContinuouslyOverThreeValidityWindowsNeverMissesAfterTheFirstRequest() {
		String video = GatewayFleet.freshVideo();
		String path = "/v1/videos/" + video + "/play-auth";
		List<String> statuses = new ArrayList<>();
		TreeSet<Instant> credentials = new TreeSet<>();
		Duration step = Duration.ofSeconds(25);
		long steps = LIFETIME.multipliedBy(3).dividedBy(step);

		for (int i = 0; i < steps; i++) {
			Answer answer = Load.get(fleet.gateway(i % 3).baseUrl(), path);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(remaining(answer)).as("remaining validity at step %d", i).isGreaterThanOrEqualTo(MIN_VALIDITY);
			statuses.add(answer.header("X-Cache"));
			credentials.add(expiresAt(answer));
			fleet.awaitRefreshesSettled(adminConnection, video);
			time.advance(step);
		}

		assertThat(statuses.get(0)).isEqualTo("MISS");
		// a Redis command slower than the command timeout (a starved box) is served without Redis, as designed: a MISS
		assertThat(statuses.subList(1, statuses.size()))
			.as("X-Cache after the first request (requests served without Redis: %s)",
					fleet.counter("playgate.redis.fail.open"))
			.doesNotContain("MISS");
		// one upstream call per refresh interval fleet-wide: every call's credential is handed out (a refresh started
		// by the last reads included), and no two were fetched for the same refresh (due at 65-75 % of the lifetime)
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (int i = 0; i < 3; i++) {
				credentials.add(expiresAt(Load.get(fleet.gateway(i).baseUrl(), path)));
			}
			assertThat(emulator.stats().calls("GetVideoPlayAuth")).isEqualTo(credentials.size());
		});
		List<Instant> issued = List.copyOf(credentials);
		for (int i = 1; i < issued.size(); i++) {
			assertThat(Duration.between(issued.get(i - 1), issued.get(i)))
				.isGreaterThan(LIFETIME.multipliedBy(6).dividedBy(10));
		}
	}

	private Duration remaining(Answer answer) {
		return Duration.between(time.instant(), expiresAt(answer));
	}

	private static Instant expiresAt(Answer answer) {
		return Instant.parse(JsonMapper.builder().build().readTree(answer.body()).get("expiresAt").asString());
	}
}
