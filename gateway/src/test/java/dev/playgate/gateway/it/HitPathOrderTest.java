package dev.playgate.gateway.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hits answered in the connection's pipeline and everything else answered by the routes, mixed on one keep-alive
 * connection through the real server: every request gets its own answer, in the order it was sent.
 */
final class HitPathOrderTest {

	private static final String CACHED = "/v1/videos/" + "c".repeat(32) + "/play-auth";

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of());
		gateway.client().get().uri(CACHED).exchange().expectStatus().isOk();
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@Test
	void pipelinedHitsMissesAndRefusalsAreAnsweredInOrder() throws Exception {
		List<String> paths = new ArrayList<>();
		StringBuilder pipelined = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			String path = switch (i % 4) {
				case 0 -> CACHED;
				case 1 -> "/v1/videos/" + "%02d".formatted(i).repeat(16) + "/play-auth";
				case 2 -> "/v1/videos/not-a-video-id/play-auth";
				default -> CACHED + "?AuthInfoTimeout=3000";
			};
			paths.add(path);
			pipelined.append("GET ").append(path).append(" HTTP/1.1\r\nHost: gw\r\nX-Request-Id: r").append(i)
				.append("\r\n\r\n");
		}
		try (RawHttp http = RawHttp.connect(gateway.port(), 10_000)) {
			http.send(pipelined.toString());
			for (int i = 0; i < paths.size(); i++) {
				RawHttp.Answer answer = http.read(false);
				assertThat(answer).as("answer %d", i).isNotNull();
				assertThat(answer.header("X-Request-Id")).isEqualTo("r" + i);
				assertThat(answer.status()).isEqualTo(i % 4 == 2 ? 400 : 200);
			}
			assertThat(http.staysSilentFor(200)).isTrue();
		}
	}

	@Test
	void aHitAfterAMissOnTheSameConnectionIsAnsweredAtOnce() throws Exception {
		String fresh = "/v1/videos/" + "d".repeat(32) + "/play-info";
		try (RawHttp http = RawHttp.connect(gateway.port(), 10_000)) {
			http.send("GET " + fresh + " HTTP/1.1\r\nHost: gw\r\n\r\n");
			assertThat(http.read(false).header("X-Cache")).isEqualTo("MISS");
			http.send("GET " + fresh + " HTTP/1.1\r\nHost: gw\r\n\r\n");
			assertThat(http.read(false).header("X-Cache")).isEqualTo("HIT");
			http.send("GET " + fresh + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
			RawHttp.Answer last = http.read(false);
			assertThat(last.header("X-Cache")).isEqualTo("HIT");
			assertThat(last.header("Connection")).isEqualTo("close");
			assertThat(http.isClosedByServer()).isTrue();
		}
	}

	@Test
	void aRequestSentAfterAnswersToRequestsPipelinedBehindAMissIsAnswered() throws Exception {
		String fresh = "/v1/videos/" + "f".repeat(32) + "/play-auth";
		try (RawHttp http = RawHttp.connect(gateway.port(), 10_000)) {
			http.send("GET " + fresh + " HTTP/1.1\r\nHost: gw\r\n\r\nGET " + CACHED + " HTTP/1.1\r\nHost: gw\r\n\r\n");
			assertThat(http.read(false).header("X-Cache")).isEqualTo("MISS");
			assertThat(http.read(false).header("X-Cache")).isEqualTo("HIT");
			http.send("GET " + CACHED + " HTTP/1.1\r\nHost: gw\r\n\r\n");
			assertThat(http.read(false)).isNotNull().extracting(RawHttp.Answer::status).isEqualTo(200);
		}
	}

	@Test
	void aCloseRequestPipelinedBehindAMissIsAnsweredAndNothingAfterIt() throws Exception {
		String fresh = "/v1/videos/" + "9".repeat(32) + "/play-auth";
		try (RawHttp http = RawHttp.connect(gateway.port(), 10_000)) {
			http.send("GET " + fresh + " HTTP/1.1\r\nHost: gw\r\n\r\n"
					+ "GET " + CACHED + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"
					+ "GET " + CACHED + " HTTP/1.1\r\nHost: gw\r\n\r\n");
			assertThat(http.read(false).header("X-Cache")).isEqualTo("MISS");
			RawHttp.Answer close = http.read(false);
			assertThat(close).isNotNull();
			assertThat(close.header("Connection")).isEqualTo("close");
			assertThat(http.read(false)).isNull();
		}
	}
}
