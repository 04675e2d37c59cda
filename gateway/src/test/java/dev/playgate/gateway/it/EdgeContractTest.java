package dev.playgate.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.RawHttp.Answer;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public port's HTTP contract for what players do not usually send: bad percent-encoding, paths outside the
 * API, a missing or repeated {@code Host}, other HTTP versions, {@code HEAD}; and the cache headers' arithmetic.
 * Real HTTP over raw sockets to the whole gateway, the vod-emulator behind it.
 */
final class EdgeContractTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final String VIDEO = "0123456789abcdef0123456789abcdef";
	private static final FakeTime time = FakeTime.startingNow();

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of(), time);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@BeforeEach
	void resetStats() {
		emulator.reset();
	}

	private static Answer exchange(String request) throws Exception {
		Answer answer = RawHttp.exchange(gateway.port(), request);
		assertThat(answer).as(request).isNotNull();
		return answer;
	}

	private static Answer get(String target) throws Exception {
		return exchange("GET " + target + " HTTP/1.1\r\nHost: playgate\r\nConnection: close\r\n\r\n");
	}

	private static Answer batch(String query, String body) throws Exception {
		return exchange("POST /v1/play-auth/batch" + query + " HTTP/1.1\r\nHost: playgate\r\nContent-Type: "
				+ "application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
	}

	private static JsonNode json(Answer answer) {
		return JSON.readTree(answer.body());
	}

	private static double requests(String endpoint, String outcome) {
		var counter = gateway.context().getBean(MeterRegistry.class).find("playgate.requests")
			.tags("endpoint", endpoint, "outcome", outcome).counter();
		return counter == null ? 0 : counter.count();
	}

	private static void assertProblem(Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(json(answer).get("code").asString()).isEqualTo(code);
	}

	@ParameterizedTest
	@ValueSource(strings = { "%zz", "%", "%2", "%%", "%u0041", "%E0%A4%A" })
	void badPercentEncodingInTheQueryIsAnInvalidParameterOnEveryRoute(String bad) throws Exception {
		for (String endpoint : List.of("play-auth", "play-info")) {
			double before = requests(endpoint, "invalid_parameter");
			Answer answer = get("/v1/videos/" + VIDEO + "/" + endpoint + "?x=" + bad);

			assertProblem(answer, 400, "INVALID_PARAMETER");
			assertThat(answer.body()).doesNotContain("invalid hex");
			assertThat(requests(endpoint, "invalid_parameter")).isEqualTo(before + 1);
		}
		double before = requests("batch", "invalid_parameter");
		assertProblem(batch("?x=" + bad, "{\"videoIds\":[\"" + VIDEO + "\"]}"), 400, "INVALID_PARAMETER");
		assertThat(requests("batch", "invalid_parameter")).isEqualTo(before + 1);
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "play-info?formats=mp4%01", "play-info?definition=HD%0d%0aX-Injected:%20yes",
			"play-info?authTimeout=3600%00", "play-info?streamType=video\u0001", "play-auth?authInfoTimeout=%7f3000",
			"play-auth?minValidity=60%C2%85" })
	void aControlCharacterInAKnownParameterIsAnInvalidParameterNamingItWithoutRepeatingIt(String target)
			throws Exception {
		String name = target.substring(target.indexOf('?') + 1, target.indexOf('='));

		Answer answer = get("/v1/videos/" + VIDEO + "/" + target);

		assertProblem(answer, 400, "INVALID_PARAMETER");
		assertThat(json(answer).get("detail").asString()).isEqualTo(name + " must not contain control characters");
		assertThat(answer.body()).doesNotContain("X-Injected").doesNotContain("\\u00").matches("[\\x20-\\x7e]*");
		assertThat(answer.header("X-Injected")).isNull();
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void aControlCharacterInABatchsParameterIsAnInvalidParameterNamingIt() throws Exception {
		Answer answer = batch("?authInfoTimeout=3000%0d%0a", "{\"videoIds\":[\"" + VIDEO + "\"]}");

		assertProblem(answer, 400, "INVALID_PARAMETER");
		assertThat(json(answer).get("detail").asString())
			.isEqualTo("authInfoTimeout must not contain control characters");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "%zz", "%", "%2", "%%", "%u0041", "%E0%A4%A" })
	void badPercentEncodingInThePathIsAnInvalidParameter(String bad) throws Exception {
		assertProblem(get("/v1/videos/" + bad + "/play-auth"), 400, "INVALID_PARAMETER");
		assertProblem(get("/v1/videos/" + VIDEO + bad + "/play-info"), 400, "INVALID_PARAMETER");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%zz", "/%", "/v1/%2", "/v1/videos/%zz", "/x%u0041", "/%E0%A4%A" })
	void aTargetOutsideAnyRouteThatIsNotAUriIsABadRequestWithoutTheTarget(String target) throws Exception {
		Answer answer = get(target);

		assertProblem(answer, 400, "BAD_REQUEST");
		assertThat(json(answer).has("instance")).isFalse();
		assertThat(answer.body()).doesNotContain(target.substring(1));
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/videos/%zzZQXMARK/play-auth", "/v1/videos/ab\u007fZQXMARK/play-auth",
			"/v1/videos/%00%0d%0aZQXMARK/play-info" })
	void aProblemDoesNotRepeatAPathWithAPercentEncodingOrAControlCharacter(String target) throws Exception {
		Answer answer = get(target);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(json(answer).has("instance")).isFalse();
		assertThat(answer.body()).doesNotContain("\u007f").matches("[\\x20-\\x7e]*");
	}

	@Test
	void badPercentEncodingLeavesNoStackTraceInTheLog() throws Exception {
		try (CapturedLog log = CapturedLog.attach()) {
			get("/v1/videos/" + VIDEO + "/play-auth?authInfoTimeout=%zz");

			assertThat(log.withStackTraces()).isEmpty();
			assertThat(log.events()).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("%zz"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/index.html", "/../etc/passwd", "/v1/../../etc/passwd", "//v1/videos", "/v2/x",
			"/v1/nothing-here", "/static/secret-path-12345", "/actuator/health", "/v1/videos/" + VIDEO + "/play-auth/" })
	void pathsWithoutARouteAreTheNotFoundProblemWithoutThePath(String path) throws Exception {
		try (CapturedLog log = CapturedLog.attach()) {
			Answer answer = get(path);

			assertProblem(answer, 404, "NOT_FOUND");
			assertThat(json(answer).has("instance")).isFalse();
			assertThat(answer.body()).doesNotContain(path.substring(1).isEmpty() ? "\"/\"" : path.substring(1));
			assertThat(log.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
		}
	}

	@Test
	void aBatchOfOnlyInvalidIdsIsCountedOncePerId() throws Exception {
		double before = requests("batch", "invalid_video_id");

		Answer answer = batch("", "{\"videoIds\":[\"bad1\",\"bad2\"]}");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(json(answer).get("items")).hasSize(2);
		assertThat(requests("batch", "invalid_video_id")).isEqualTo(before + 2);
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://playgate", "HTTP://other.example:8080" })
	void anAbsoluteFormTargetIsServedLikeItsPath(String schemeAndAuthority) throws Exception {
		String video = "abcdef0123456789".repeat(2); // its own: the other tests count the upstream calls of VIDEO
		for (String endpoint : List.of("play-auth", "play-info")) {
			String path = "/v1/videos/" + video + "/" + endpoint;
			Answer origin = get(path);
			Answer absolute = get(schemeAndAuthority + path);
			Answer absoluteAgain = get(schemeAndAuthority + path + "?minValidity=60");

			assertThat(origin.status()).as(origin.body()).isEqualTo(200);
			assertThat(absolute.status()).as(absolute.body()).isEqualTo(200);
			assertThat(absolute.header("X-Cache")).isEqualTo("HIT");
			assertThat(json(absolute).get("videoId").asString()).isEqualTo(video);
			assertThat(absoluteAgain.status()).isEqualTo(200);
		}
		assertProblem(get(schemeAndAuthority + "/v1/videos/not-an-id/play-auth"), 400, "INVALID_VIDEO_ID");
		assertProblem(get(schemeAndAuthority + "/v1/nothing-here"), 404, "NOT_FOUND");
	}

	@Test
	void http11WithoutHostIsABadRequest() throws Exception {
		Answer answer = exchange("GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nConnection: close\r\n\r\n");

		assertProblem(answer, 400, "BAD_REQUEST");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void repeatedHostIsABadRequest() throws Exception {
		Answer answer = exchange(
				"GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");

		assertProblem(answer, 400, "BAD_REQUEST");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void malformedHostIsABadRequest() throws Exception {
		assertProblem(exchange("GET /v1/x HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n"), 400, "BAD_REQUEST");
		assertProblem(exchange("GET /v1/x HTTP/1.1\r\nHost: a:http\r\nConnection: close\r\n\r\n"), 400, "BAD_REQUEST");
	}

	@Test
	void http10WithoutHostIsServed() throws Exception {
		Answer answer = exchange("GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.0\r\n\r\n");

		assertThat(answer.status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0" })
	void otherHttpVersionsAreABadRequest(String version) throws Exception {
		Answer answer = exchange("GET /v1/videos/" + VIDEO + "/play-auth " + version + "\r\nHost: a\r\n\r\n");

		assertProblem(answer, 400, "BAD_REQUEST");
		assertThat(answer.header("Connection")).isEqualTo("close");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Transfer-Encoding: gzip", "Transfer-Encoding: identity", "Transfer-Encoding: xchunked",
			"Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip", "Transfer-Encoding: chunked, chunked",
			"Transfer-Encoding: gzip\r\nContent-Length: 0" })
	void aTransferEncodingNotEndingInOneChunkedIsABadRequestAndNothingBehindItIsRead(String framing) throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), 10_000)) {
			http.send("GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: a\r\n" + framing + "\r\n\r\n"
					+ "GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: a\r\nX-Request-Id: smuggled\r\n\r\n");
			Answer answer = http.read(false);

			assertProblem(answer, 400, "BAD_REQUEST");
			assertThat(answer.header("Connection")).isEqualTo("close");
			assertThat(http.read(false)).isNull();
		}
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void aTransferEncodingOnHttp10IsABadRequest() throws Exception {
		Answer answer = exchange("GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "0\r\n\r\n");

		assertProblem(answer, 400, "BAD_REQUEST");
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void headAnswersWithTheHeadersOfGetAndNoBody() throws Exception {
		Answer get = get("/v1/videos/" + VIDEO + "/play-info");
		try (RawHttp http = RawHttp.connect(gateway.port(), 10_000)) {
			http.send("HEAD /v1/videos/" + VIDEO + "/play-info HTTP/1.1\r\nHost: a\r\n\r\n"
					+ "GET /v1/videos/" + VIDEO + "/play-info HTTP/1.1\r\nHost: a\r\n\r\n");
			Answer head = http.read(true);
			Answer next = http.read(false);

			assertThat(head.status()).isEqualTo(200);
			assertThat(head.body()).isEmpty();
			assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
			assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
			assertThat(head.header("Cache-Control")).isEqualTo(get.header("Cache-Control"));
			assertThat(head.header("X-Cache")).isEqualTo("HIT");
			assertThat(next.body()).isEqualTo(get.body());
		}
		assertThat(emulator.stats().totalCalls()).isEqualTo(1);
	}

	@Test
	void headOfAWrongMethodRouteIsNotAllowedWithAllow() throws Exception {
		Answer answer = exchange("DELETE /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

		assertProblem(answer, 405, "METHOD_NOT_ALLOWED");
		assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
	}

	@Test
	void maxAgeMinusAgeIsTheTimeTheCredentialMayStillBeUsed() throws Exception {
		String video = "maxage" + "0".repeat(25) + "1";
		Answer first = get("/v1/videos/" + video + "/play-auth?authInfoTimeout=1000");
		time.advance(Duration.ofSeconds(300));
		Answer later = get("/v1/videos/" + video + "/play-auth?authInfoTimeout=1000");

		Instant expiresAt = Instant.parse(json(later).get("expiresAt").asString());
		long usable = Duration.between(time.instant(), expiresAt).toSeconds();
		assertThat(later.header("X-Cache")).isEqualTo("HIT");
		assertThat(later.header("Age")).isEqualTo("300");
		assertThat(maxAge(later) - Long.parseLong(later.header("Age"))).isEqualTo(usable);
		assertThat(maxAge(later)).isEqualTo(maxAge(first));
		assertThat(maxAge(first)).isEqualTo(1000 - 30);
	}

	@Test
	void batchMaxAgeMinusAgeIsTheShortestUsableTime() throws Exception {
		String older = "maxage" + "0".repeat(25) + "2";
		String newer = "maxage" + "0".repeat(25) + "3";
		get("/v1/videos/" + older + "/play-auth?authInfoTimeout=1000");
		time.advance(Duration.ofSeconds(200));
		get("/v1/videos/" + newer + "/play-auth?authInfoTimeout=1000");
		time.advance(Duration.ofSeconds(100));

		Answer answer = batch("?authInfoTimeout=1000", "{\"videoIds\":[\"" + newer + "\",\"" + older + "\"]}");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Age")).isEqualTo("300");
		assertThat(maxAge(answer) - 300).isEqualTo(1000 - 30 - 300);
	}

	private static long maxAge(Answer answer) {
		String cacheControl = answer.header("Cache-Control");
		assertThat(cacheControl).startsWith("private, max-age=");
		return Long.parseLong(cacheControl.substring("private, max-age=".length()));
	}
}
