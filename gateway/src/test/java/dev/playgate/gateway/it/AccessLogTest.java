package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** One JSON access-log line per request on {@code playgate.access}, field by field, and no secret in any of them. */
final class AccessLogTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final String KEY = "access-log-secret-key-0001";
	private static final String VIDEO = "alog" + "0".repeat(27) + "1";

	private static VodEmulator emulator;
	private static RunningGateway gateway;
	private static ListAppender<ILoggingEvent> captured;

	@BeforeAll
	static void start() throws Exception {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
			.digest(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		gateway = RunningGateway.start(emulator, Map.of("playgate.security.mode", "api-key",
				"playgate.security.api-keys[0].id", "fleet",
				"playgate.security.api-keys[0].sha256", java.util.HexFormat.of().formatHex(digest),
				"logging.level.playgate.access", "INFO"));
		captured = new ListAppender<>();
		captured.start();
		((Logger) LoggerFactory.getLogger("playgate.access")).addAppender(captured);
	}

	@AfterAll
	static void stop() {
		((Logger) LoggerFactory.getLogger("playgate.access")).detachAppender(captured);
		gateway.close();
		emulator.close();
	}

	private static EntityExchangeResult<String> get(String path, String requestId, boolean withKey) {
		var spec = gateway.client().get().uri(path).header("X-Request-Id", requestId);
		if (withKey) {
			spec = spec.header("X-Api-Key", KEY);
		}
		return spec.exchange().expectBody(String.class).returnResult();
	}

	/** The lines captured so far; the access-log thread appends while the test reads (AppenderBase appends in sync). */
	private static List<ILoggingEvent> snapshot() {
		synchronized (captured) {
			return new java.util.ArrayList<>(captured.list);
		}
	}

	private static JsonNode lineOf(String requestId) {
		Awaitility.await("an access-log line for " + requestId).atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20)).until(() -> !linesOf(requestId).isEmpty());
		// exactly one line: still one after the writer thread has had its time to add a second
		Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
			.until(() -> snapshot().stream()
				.filter(event -> event.getFormattedMessage().contains("\"" + requestId + "\""))
				.count() == 1);
		return linesOf(requestId).get(0);
	}

	private static List<JsonNode> linesOf(String requestId) {
		return snapshot().stream()
			.map(event -> JSON.readTree(event.getFormattedMessage()))
			.filter(line -> requestId.equals(line.get("requestId").asString()))
			.toList();
	}

	@Test
	void missAndHitAreLoggedFieldByFieldWithTheClientsNameAndNoSecret() throws Exception {
		String path = "/v1/videos/" + VIDEO + "/play-auth";
		EntityExchangeResult<String> miss = get(path + "?authInfoTimeout=3000", "req-miss.1", true);
		EntityExchangeResult<String> hit = get(path, "req-hit_2", true);
		assertThat(miss.getResponseHeaders().getFirst("X-Request-Id")).isEqualTo("req-miss.1");
		String playAuth = JSON.readTree(hit.getResponseBody()).get("playAuth").asString();

		JsonNode missLine = lineOf("req-miss.1");
		assertThat(missLine.get("client").asString()).isEqualTo("fleet");
		assertThat(missLine.get("method").asString()).isEqualTo("GET");
		assertThat(missLine.get("path").asString()).isEqualTo(path);
		assertThat(missLine.get("status").asInt()).isEqualTo(200);
		assertThat(missLine.get("cache").asString()).isEqualTo("MISS");
		assertThat(missLine.get("code").isNull()).isTrue();
		assertThat(missLine.get("durationMs").asDouble()).isNotNegative();
		JsonNode hitLine = lineOf("req-hit_2");
		assertThat(hitLine.get("cache").asString()).isEqualTo("HIT");
		assertThat(hitLine.get("status").asInt()).isEqualTo(200);

		String all = snapshot().stream().map(ILoggingEvent::getFormattedMessage).reduce("", String::concat);
		assertThat(all).doesNotContain(KEY).doesNotContain(playAuth).doesNotContain("http://")
			.doesNotContain("authInfoTimeout");
	}

	@Test
	void aProblemAnswerIsLoggedWithItsCode() throws Exception {
		get("/v1/videos/NOTFOUND" + "0".repeat(24) + "/play-auth", "req-404", true);
		JsonNode line = lineOf("req-404");
		assertThat(line.get("status").asInt()).isEqualTo(404);
		assertThat(line.get("code").asString()).isEqualTo("VIDEO_NOT_FOUND");
		assertThat(line.get("client").asString()).isEqualTo("fleet");
	}

	@Test
	void anUnauthenticatedRequestIsLoggedWithItsAddressNotItsKey() throws Exception {
		var result = gateway.client().get().uri("/v1/videos/" + VIDEO + "/play-auth")
			.header("X-Request-Id", "req-401").header("X-Api-Key", "wrong-secret-key")
			.exchange().expectBody(String.class).returnResult();
		assertThat(result.getStatus().value()).isEqualTo(401);
		JsonNode line = lineOf("req-401");
		assertThat(line.get("status").asInt()).isEqualTo(401);
		assertThat(line.get("code").asString()).isEqualTo("UNAUTHENTICATED");
		assertThat(line.get("client").asString()).isEqualTo("127.0.0.1");
		assertThat(line.get("cache").isNull()).isTrue();
		assertThat(line.toString()).doesNotContain("wrong-secret-key");
	}

	@Test
	void aBadIncomingRequestIdIsReplacedByAGeneratedOne() throws Exception {
		var result = get("/v1/videos/" + VIDEO + "/play-auth", "bad id\"" + "x".repeat(70), true);
		String echoed = result.getResponseHeaders().getFirst("X-Request-Id");
		assertThat(echoed).matches("[0-9a-f]{16}");
		assertThat(lineOf(echoed).get("status").asInt()).isEqualTo(200);
	}

	@Test
	void droppedLinesAreCountedForOperators() {
		get("/v1/videos/" + VIDEO + "/play-auth", "dropped-1", true);

		String prometheus = gateway.prometheus();
		assertThat(prometheus).containsPattern("(?m)^playgate_access_log_dropped_lines_total(\\{[^}]*\\})? 0\\.0$");
	}
}
