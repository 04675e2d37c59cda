package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What stdout shows with the default logging: each access-log line is one JSON object and nothing else, written
 * while the gateway is idle, and every other logger keeps Spring Boot's console pattern.
 */
@ExtendWith(OutputCaptureExtension.class)
final class AccessLogStdoutTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final String VIDEO = "alog" + "0".repeat(27) + "2";

	private static List<String> linesWith(CapturedOutput output, String text) {
		return Arrays.stream(output.getOut().split("\n")).filter(line -> line.contains(text)).toList();
	}

	@Test
	void eachAccessLogLineOnStdoutIsExactlyOneJsonObject(CapturedOutput output) {
		try (VodEmulator emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0)
			.withCredentials("testAk", "testSecret"));
				RunningGateway gateway = RunningGateway.start(emulator, Map.of("logging.level.playgate.access", "INFO"))) {
			gateway.client().get().uri("/v1/videos/" + VIDEO + "/play-auth").header("X-Request-Id", "stdout-1")
				.exchange().expectStatus().isOk();
			gateway.client().get().uri("/v1/videos/" + VIDEO + "/play-auth").header("X-Request-Id", "stdout-2")
				.exchange().expectStatus().isOk();

			// nothing else is asked for: the lines reach stdout because the writer flushes when it runs idle
			Awaitility.await("both lines on stdout").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
				.until(() -> linesWith(output, "\"requestId\":\"stdout-").size() == 2);
			List<String> lines = linesWith(output, "\"requestId\":\"stdout-");
			for (String line : lines) {
				assertThat(line).startsWith("{\"requestId\":\"stdout-").endsWith("}");
				JsonNode json = JSON.readTree(line);
				assertThat(json.isObject()).isTrue();
				assertThat(json.propertyNames().stream().toList()).containsExactly("requestId", "client", "method", "path", "status",
						"cache", "code", "durationMs");
			}
			assertThat(lines).extracting(line -> JSON.readTree(line).get("cache").asString())
				.containsExactly("MISS", "HIT");
		}
	}

	@Test
	void otherLoggersKeepSpringBootsConsolePattern(CapturedOutput output) {
		try (VodEmulator emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0)
			.withCredentials("testAk", "testSecret"));
				RunningGateway gateway = RunningGateway.start(emulator, Map.of("logging.level.playgate.access", "INFO"))) {
			LoggerFactory.getLogger("dev.playgate.gateway.it.stdout").warn("an ordinary warning");
			assertThat(linesWith(output, "an ordinary warning")).singleElement().asString()
				.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ +WARN \\d+ --- .*dev\\.playgate\\.gateway\\.it\\.stdout +: an ordinary warning");
		}
	}
}
