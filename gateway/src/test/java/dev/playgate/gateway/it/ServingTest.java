package dev.playgate.gateway.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The public API end to end: real HTTP, the real SDK, the vod-emulator on port 0. */
final class ServingTest {

	private static final String PLAY_AUTH = "GetVideoPlayAuth";
	private static final String PLAY_INFO = "GetPlayInfo";
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		// quota and budget above the 500 distinct misses sent at once; the budget itself is UpstreamGuardTest's subject;
		// timeouts no busy machine reaches, so that 2,000 misses at once never open the breaker for the tests after
		// them (timeouts and the breaker are UpstreamGuardTest's and the fault tests' subject)
		emulator = VodEmulator.start(
				EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret").withQps(5000));
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.permits-per-second", 2000,
				"playgate.upstream.max-concurrent-calls", 600, "playgate.vod.max-connections", 600,
				"playgate.upstream.call-timeout", "30s", "playgate.vod.read-timeout", "25s"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@BeforeEach
	void clearFaultsAndStats() {
		emulator.faults().clear();
		emulator.reset();
	}

	private static String id(String prefix, int n) {
		String digits = Integer.toString(n);
		return prefix + "0".repeat(32 - prefix.length() - digits.length()) + digits;
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	@Test
	void concurrentRequestsForOneVideoMakeOneUpstreamCall() {
		emulator.faults().latency(java.time.Duration.ofMillis(300), java.time.Duration.ZERO);
		String video = id("hot", 1);
		List<Answer> answers = Load.concurrently(gateway.baseUrl(), 1000, i -> "/v1/videos/" + video + "/play-auth");

		assertThat(answers).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(1);
		Set<String> playAuths = answers.stream().map(a -> json(a.body()).get("playAuth").asString()).collect(Collectors.toSet());
		assertThat(playAuths).hasSize(1);
		Map<String, Long> cache = answers.stream().collect(Collectors.groupingBy(a -> a.header("X-Cache"), Collectors.counting()));
		assertThat(cache.get("MISS")).isEqualTo(1);
		assertThat(cache.keySet()).isSubsetOf("MISS", "COALESCED", "HIT");
	}

	@Test
	void concurrentRequestsOverManyVideosMakeOneUpstreamCallEach() {
		emulator.faults().latency(java.time.Duration.ofMillis(200), java.time.Duration.ZERO);
		List<Answer> answers = Load.concurrently(gateway.baseUrl(), 2000,
				i -> "/v1/videos/" + id("many", i % 500) + "/play-auth");

		assertThat(answers).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(500);
	}

	@Test
	void playAuthAnswerCarriesTheContractFieldsAndHeaders() {
		String video = id("shape", 1);
		Answer first = Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth");
		Answer second = Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Content-Type")).startsWith("application/json");
		assertThat(first.header("X-Cache")).isEqualTo("MISS");
		assertThat(second.header("X-Cache")).isEqualTo("HIT");
		assertThat(first.header("Cache-Control")).matches("private, max-age=29[0-9][0-9]");
		assertThat(first.header("Age")).isEqualTo("0");
		JsonNode body = json(first.body());
		assertThat(body.get("videoId").asString()).isEqualTo(video);
		assertThat(body.get("playAuth").asString()).isNotBlank();
		assertThat(body.get("expiresAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(body.get("videoMeta").has("title")).isTrue();
		assertThat(body.get("requestId").asString()).isNotBlank();
		assertThat(second.body()).isEqualTo(first.body());
	}

	@Test
	void playInfoAnswerListsPlayUrls() {
		Answer answer = Load.get(gateway.baseUrl(), "/v1/videos/" + id("info", 1) + "/play-info?formats=m3u8");

		assertThat(answer.status()).isEqualTo(200);
		JsonNode body = json(answer.body());
		assertThat(body.get("playInfos").isArray()).isTrue();
		assertThat(body.get("playInfos")).isNotEmpty();
		for (JsonNode stream : body.get("playInfos")) {
			assertThat(stream.get("format").asString()).isEqualTo("m3u8");
			assertThat(stream.get("playUrl").asString()).contains("auth_key=");
		}
		assertThat(emulator.stats().calls(PLAY_INFO)).isEqualTo(1);
	}

	@Test
	void equivalentParametersShareOneEntry() {
		String video = id("equiv", 1);
		Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-info?formats=mp4,m3u8&definition=hd");
		Answer again = Load.get(gateway.baseUrl(),
				"/v1/videos/" + video + "/play-info?definition=HD&formats=M3U8,mp4,mp4&minValidity=30");

		assertThat(again.header("X-Cache")).isEqualTo("HIT");
		assertThat(emulator.stats().calls(PLAY_INFO)).isEqualTo(1);
	}

	@Test
	void malformedVideoIdsAreRefusedWithoutUpstreamCalls() {
		for (String bad : List.of("short", "0123456789abcdef0123456789abcde_", "x".repeat(33), "%20" + "a".repeat(31))) {
			Answer answer = Load.get(gateway.baseUrl(), "/v1/videos/" + bad + "/play-auth");
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(json(answer.body()).get("code").asString()).isEqualTo("INVALID_VIDEO_ID");
		}
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void badParametersAreRefusedWithoutUpstreamCalls() {
		String video = id("params", 1);
		for (String query : List.of("?authInfoTimeout=50", "?authInfoTimeout=abc", "?minValidity=-1",
				"?minValidity=5000")) {
			Answer answer = Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth" + query);
			assertThat(answer.status()).as(query).isEqualTo(400);
			JsonNode problem = json(answer.body());
			assertThat(problem.get("code").asString()).isEqualTo("INVALID_PARAMETER");
			assertThat(problem.get("status").asInt()).isEqualTo(400);
			assertThat(problem.get("detail").asString()).isNotBlank();
		}
		Answer formats = Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-info?formats=avi");
		assertThat(formats.status()).isEqualTo(400);
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void notFoundIsRememberedWithinTheNegativeTtl() {
		String missing = id("NOTFOUND", 1);
		Answer first = Load.get(gateway.baseUrl(), "/v1/videos/" + missing + "/play-auth");
		Answer second = Load.get(gateway.baseUrl(), "/v1/videos/" + missing + "/play-auth");

		assertThat(first.status()).isEqualTo(404);
		assertThat(json(first.body()).get("code").asString()).isEqualTo("VIDEO_NOT_FOUND");
		assertThat(second.status()).isEqualTo(404);
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(1);
	}

	@Test
	void videoWithoutStreamsAnswersNoStream() {
		Answer answer = Load.get(gateway.baseUrl(), "/v1/videos/" + id("NOSTREAM", 1) + "/play-info");
		assertThat(answer.status()).isEqualTo(404);
		assertThat(json(answer.body()).get("code").asString()).isEqualTo("NO_STREAM");
	}

	@Test
	void videoInIllegalStatusAnswersNotPlayable() {
		Answer answer = Load.get(gateway.baseUrl(), "/v1/videos/" + id("FORBIDDEN", 1) + "/play-auth");
		assertThat(answer.status()).isEqualTo(403);
		assertThat(json(answer.body()).get("code").asString()).isEqualTo("VIDEO_NOT_PLAYABLE");
	}

	@Test
	void unknownPathsAndMethodsAnswerProblems() {
		gateway.client().get().uri("/v1/nothing-here").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType("application/problem+json")
			.expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
		gateway.client().delete().uri("/v1/videos/" + id("m", 1) + "/play-auth").exchange()
			.expectStatus().isEqualTo(405)
			.expectHeader().valueEquals("Allow", "GET, HEAD")
			.expectBody().jsonPath("$.code").isEqualTo("METHOD_NOT_ALLOWED");
	}

	@Test
	void batchAnswersOneItemPerIdInOrder() {
		String good = id("batch", 1);
		String missing = id("NOTFOUND", 7);
		byte[] body = gateway.client().post().uri("/v1/play-auth/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"videoIds\":[\"" + good + "\",\"bad-id\",\"" + missing + "\",\"" + good + "\"]}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().exists("X-Cache")
			.expectBody().returnResult().getResponseBody();
		JsonNode items = JSON.readTree(body).get("items");

		assertThat(items).hasSize(4);
		assertThat(items.get(0).get("playAuth").asString()).isNotBlank();
		assertThat(items.get(1).get("code").asString()).isEqualTo("INVALID_VIDEO_ID");
		assertThat(items.get(1).get("videoId").asString()).isEqualTo("bad-id");
		assertThat(items.get(2).get("code").asString()).isEqualTo("VIDEO_NOT_FOUND");
		assertThat(items.get(3).get("playAuth").asString()).isEqualTo(items.get(0).get("playAuth").asString());
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(2);
	}

	@Test
	void batchRefusesBadBodies() {
		gateway.client().post().uri("/v1/play-auth/batch").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{not json").exchange()
			.expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_PARAMETER");
		gateway.client().post().uri("/v1/play-auth/batch").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"videoIds\":[]}").exchange()
			.expectStatus().isBadRequest();
		String tooMany = "\"" + id("many", 1) + "\",";
		gateway.client().post().uri("/v1/play-auth/batch").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"videoIds\":[" + tooMany.repeat(100) + "\"" + id("many", 2) + "\"]}").exchange()
			.expectStatus().isBadRequest();
		gateway.client().post().uri("/v1/play-auth/batch").contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello").exchange()
			.expectStatus().isEqualTo(415).expectBody().jsonPath("$.code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void managementPortServesProbesAndMetrics() {
		Load.get(gateway.baseUrl(), "/v1/videos/" + id("metrics", 1) + "/play-auth");
		gateway.management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		gateway.management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		String prometheus = gateway.prometheus();
		assertThat(prometheus).contains("playgate_requests_total{", "outcome=\"miss\"", "playgate_upstream_calls",
				"resilience4j_circuitbreaker_state", "playgate_credential_remaining_validity_seconds");
		assertThat(prometheus).doesNotContain("testSecret");
	}

	@Test
	void apiPortExposesNoActuator() {
		gateway.client().get().uri("/actuator/health").exchange().expectStatus().isNotFound();
		gateway.client().get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
	}
}
