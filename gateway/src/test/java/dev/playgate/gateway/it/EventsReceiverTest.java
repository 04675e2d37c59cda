package dev.playgate.gateway.it;

import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The callback receiver on one gateway: off without a key, local purges without Redis, answers while Redis is down. */
final class EventsReceiverTest {

	private static final String URL = "https://gateway.example.test/v1/vod/events";

	private static final String KEY = "singleKey7";

	private static VodEmulator emulator;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void receiverIsOffUntilTheKeyIsConfigured() {
		try (RunningGateway gateway = RunningGateway.start(emulator, Map.of())) {
			Answer off = callback(gateway, "TranscodeComplete", GatewayFleet.freshVideo());
			assertThat(off.status()).isEqualTo(404);
			assertThat(off.body()).contains("\"code\":\"NOT_FOUND\"", "playgate.events.auth-key");
			assertThat(Load.get(gateway.baseUrl(), "/v1/vod/events").status()).isEqualTo(405);
			assertThat(Load.get(gateway.baseUrl(), "/actuator/credentials/" + GatewayFleet.freshVideo()).status())
				.isEqualTo(404);
		}
	}

	@Test
	void singleNodeCallbackAndOperatorPurgeActLocally() {
		try (RunningGateway gateway = RunningGateway.start(emulator,
				Map.of("playgate.events.callback-url", URL, "playgate.events.auth-key", KEY))) {
			String video = GatewayFleet.freshVideo();
			Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth");
			assertThat(callback(gateway, "MediaBaseChangeComplete", video).body()).contains("accepted");
			assertThat(Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth").header("X-Cache"))
				.isEqualTo("MISS");
			gateway.management().get().uri("/actuator/credentials/" + video).exchange().expectStatus().isOk()
				.expectBody().jsonPath("$.fleetWide").isEqualTo(false).jsonPath("$.entries[0].tier").isEqualTo("local");
			gateway.management().delete().uri("/actuator/credentials/" + video).exchange().expectStatus().isNoContent();
			assertThat(Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth").header("X-Cache"))
				.isEqualTo("MISS");
		}
	}

	@Test
	void callbackIsAnsweredAndActedOnWhileRedisIsDown() {
		try (RedisProcess redis = RedisProcess.start();
				RunningGateway gateway = RunningGateway.start(emulator, Map.of("playgate.redis.url", redis.url(),
						"playgate.events.callback-url", URL, "playgate.events.auth-key", KEY))) {
			String video = GatewayFleet.freshVideo();
			Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth");
			redis.kill();

			Answer answer = callback(gateway, "DeleteMediaComplete", video);

			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).contains("accepted");
			assertThat(Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth").header("X-Cache"))
				.isEqualTo("MISS");
		}
	}

	private static Answer callback(RunningGateway gateway, String type, String video) {
		return VodCallbacks.signed(gateway.baseUrl(), URL, KEY,
				"{\"EventType\":\"" + type + "\",\"MediaId\":\"" + video + "\"}");
	}
}
