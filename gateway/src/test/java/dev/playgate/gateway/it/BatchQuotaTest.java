package dev.playgate.gateway.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch is charged to the caller's quota per video id, not once: the ids beyond the quota get their own 429. */
final class BatchQuotaTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final int RATE = 20;
	private static final int BURST = 20;

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator,
				Map.of("playgate.security.client-rate-limit.requests-per-second", RATE,
						"playgate.security.client-rate-limit.burst", BURST));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@Test
	void threeBatchesOfHundredNewIdsCostNoMoreUpstreamCallsThanTheQuota() {
		int served = 0;
		int limited = 0;
		long started = System.nanoTime();
		for (int batch = 0; batch < 3; batch++) {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				String digits = Integer.toString(batch * 100 + i);
				ids.add("quota" + "0".repeat(27 - digits.length()) + digits);
			}
			var result = gateway.client().post().uri("/v1/play-auth/batch").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(JSON.writeValueAsString(Map.of("videoIds", ids))).exchange()
				.returnResult(byte[].class);
			if (result.getStatus().value() == 429) {
				limited += 100;
				continue;
			}
			assertThat(result.getStatus().value()).isEqualTo(200);
			JsonNode items = JSON.readTree(result.getResponseBodyContent()).get("items");
			assertThat(items).hasSize(100);
			for (int i = 0; i < 100; i++) {
				JsonNode item = items.get(i);
				if (item.has("playAuth")) {
					served++;
					continue;
				}
				assertThat(item.get("code").asString()).isEqualTo("CLIENT_RATE_LIMITED");
				assertThat(item.get("status").asInt()).isEqualTo(429);
				assertThat(item.get("videoId").asString()).isEqualTo(ids.get(i));
				limited++;
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long allowed = BURST + (long) Math.ceil(RATE * seconds) + 1;

		assertThat(served).isPositive().isLessThanOrEqualTo((int) allowed);
		assertThat(served + limited).isEqualTo(300);
		assertThat(limited).isPositive();
		assertThat(emulator.stats().totalCalls()).isLessThanOrEqualTo(allowed);
	}
}
