package dev.playgate.gateway.it;

import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** API-key authentication and the per-client quota, seen through the real HTTP edge. */
final class ClientAccessTest {

	private static final String KEY = "player-fleet-key-0001";
	private static final String PATH = "/v1/videos/" + "access" + "0".repeat(25) + "1/play-auth";

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.security.mode", "api-key",
				"playgate.security.api-keys[0].id", "fleet",
				"playgate.security.api-keys[0].sha256", sha256(KEY),
				"playgate.security.client-rate-limit.requests-per-second", 5,
				"playgate.security.client-rate-limit.burst", 5));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	private static String sha256(String text) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
			.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return java.util.HexFormat.of().formatHex(digest);
	}

	@Test
	void requestsWithoutAValidKeyAreRefusedWithoutUpstreamCalls() {
		gateway.client().get().uri(PATH).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType("application/problem+json")
			.expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
		gateway.client().get().uri(PATH).header("X-Api-Key", "wrong-key").exchange()
			.expectStatus().isUnauthorized()
			.expectBody(String.class).value(body -> assertThat(body).doesNotContain("wrong-key"));
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void aValidKeyIsServedUntilItsQuotaIsSpent() {
		int served = 0;
		int limited = 0;
		long started = System.nanoTime();
		for (int i = 0; i < 12; i++) {
			var result = gateway.client().get().uri(PATH).header("X-Api-Key", KEY).exchange().returnResult(String.class);
			if (result.getStatus().value() == 200) {
				served++;
			}
			else {
				assertThat(result.getStatus().value()).isEqualTo(429);
				assertThat(result.getResponseHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
				limited++;
			}
		}
		// the burst of 5, plus what 5/s refills while the requests run (slow on a loaded machine)
		long refilled = (long) Math.ceil(5 * (System.nanoTime() - started) / 1e9);
		assertThat(served).isBetween(5, (int) Math.min(11, 5 + refilled + 1));
		assertThat(limited).isPositive();
	}
}
