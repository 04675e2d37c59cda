package dev.playgate.gateway.it;

import java.util.Arrays;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the operator's {@code /actuator/credentials} endpoint (management port) is an
 * {@code application/problem+json} with a {@code code}, like the public port's; its answers stay as they were. What
 * the management port cannot read as HTTP/1.x (too long, too large, malformed) is refused with the public port's
 * problems, over raw sockets, and the connection closed.
 */
final class OperatorEndpointTest {

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	private static WebTestClient.ResponseSpec ask(HttpMethod method, String path) {
		return gateway.management().method(method).uri(path).exchange();
	}

	private static void expectProblem(WebTestClient.ResponseSpec answer, int status, String code) {
		answer.expectStatus().isEqualTo(status)
			.expectHeader().contentTypeCompatibleWith(PROBLEM)
			.expectBody()
			.jsonPath("$.code").isEqualTo(code)
			.jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.title").isNotEmpty()
			.jsonPath("$.type").isEqualTo("/problems/" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
			.jsonPath("$.trace").doesNotExist()
			.jsonPath("$.instance").doesNotExist();
	}

	@Test
	void aMalformedIdIsAnInvalidVideoIdProblemOnRead() {
		expectProblem(ask(HttpMethod.GET, "/actuator/credentials/not-a-video-id"), 400, "INVALID_VIDEO_ID");
	}

	@Test
	void aMalformedIdIsAnInvalidVideoIdProblemOnPurge() {
		expectProblem(ask(HttpMethod.DELETE, "/actuator/credentials/not-a-video-id"), 400, "INVALID_VIDEO_ID");
	}

	@Test
	void anotherMethodIsAMethodNotAllowedProblem() {
		WebTestClient.ResponseSpec answer = ask(HttpMethod.POST, "/actuator/credentials/" + GatewayFleet.freshVideo());
		answer.expectHeader().value("Allow", allow -> org.assertj.core.api.Assertions.assertThat(allow)
			.contains("GET").contains("DELETE"));
		expectProblem(answer, 405, "METHOD_NOT_ALLOWED");
	}

	@Test
	void noVideoIdIsANotFoundProblem() {
		expectProblem(ask(HttpMethod.GET, "/actuator/credentials"), 404, "NOT_FOUND");
	}

	@Test
	void aPathBelowAVideoIsANotFoundProblem() {
		expectProblem(ask(HttpMethod.GET, "/actuator/credentials/" + GatewayFleet.freshVideo() + "/more"), 404,
				"NOT_FOUND");
	}

	@Test
	void anAnswerItCannotProduceIsABadRequestProblemNotSpringsOwn() {
		expectProblem(gateway.management().get().uri("/actuator/credentials/" + GatewayFleet.freshVideo())
			.accept(MediaType.IMAGE_PNG).exchange(), 400, "BAD_REQUEST");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/prometheus",
			"/actuator/credentials/0123456789abcdef0123456789abcdef" })
	void anAcceptThatIsNotAMediaTypeIsABadRequestProblemNotAnEmptyAnswer(String path) throws Exception {
		try (RawHttp http = sendRaw("GET " + path + " HTTP/1.1\r\nHost: a\r\nAccept: ;;;\r\n\r\n")) {
			Answer answer = http.read(false);

			assertThat(answer).isNotNull();
			assertThat(answer.status()).as(answer.body()).isEqualTo(400);
			assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(answer.body()).contains("\"code\":\"BAD_REQUEST\"").doesNotContain(";;;");
		}
	}

	@Test
	void anUnknownManagementPathIsANotFoundProblemNotSpringsOwn() {
		expectProblem(ask(HttpMethod.GET, "/actuator/no-such-endpoint"), 404, "NOT_FOUND");
	}

	@Test
	void aMethodAnotherActuatorEndpointDoesNotServeIsAMethodNotAllowedProblemWithItsAllow() {
		WebTestClient.ResponseSpec answer = ask(HttpMethod.POST, "/actuator/health");
		answer.expectHeader().valueEquals("Allow", "GET");
		expectProblem(answer, 405, "METHOD_NOT_ALLOWED");
	}

	@Test
	void theActuatorsLinksPageIsNotExposed() {
		expectProblem(ask(HttpMethod.GET, "/actuator"), 404, "NOT_FOUND");
	}

	@Test
	void anUnknownHealthComponentIsANotFoundProblemNotAnEmptyAnswer() {
		expectProblem(ask(HttpMethod.GET, "/actuator/health/no-such-component"), 404, "NOT_FOUND");
	}

	@Test
	void anotherActuatorEndpointsOwnAnswersAreLeftAsTheyAre() {
		gateway.management().get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void aWellFormedIdIsStillAnsweredAsBefore() {
		String video = GatewayFleet.freshVideo();
		ask(HttpMethod.GET, "/actuator/credentials/" + video).expectStatus().isOk()
			.expectBody().jsonPath("$.videoId").isEqualTo(video).jsonPath("$.fleetWide").isEqualTo(false);
		ask(HttpMethod.DELETE, "/actuator/credentials/" + video).expectStatus().isNoContent();
	}

	private static void expectClosingProblem(RawHttp http, int status, String code) throws Exception {
		Answer answer = http.read(false);

		assertThat(answer).isNotNull();
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(answer.header("Connection")).isEqualTo("close");
		assertThat(answer.body()).contains("\"code\":\"" + code + "\"").doesNotContain("aaaa").doesNotContain("X-Pad");
		assertThat(http.isClosedByServer()).isTrue();
	}

	private static RawHttp sendRaw(String request) throws Exception {
		RawHttp http = RawHttp.connect(gateway.managementPort(), 10_000);
		http.send(request);
		return http;
	}

	@Test
	void aTooLongRequestLineIsAUriTooLongProblemAndTheConnectionIsClosed() throws Exception {
		String target = "/actuator/health/liveness?" + "a".repeat(10_000);
		try (RawHttp http = sendRaw("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n")) {
			expectClosingProblem(http, 414, "URI_TOO_LONG");
		}
	}

	@Test
	void aTooLargeHeaderSectionIsAHeadersTooLargeProblemAndTheConnectionIsClosed() throws Exception {
		String headers = ("X-Pad: " + "v".repeat(1000) + "\r\n").repeat(20);
		try (RawHttp http = sendRaw("GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n" + headers + "\r\n")) {
			expectClosingProblem(http, 431, "HEADERS_TOO_LARGE");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /actuator/health/liveness HTTP/1.1 extra\r\nHost: a\r\n\r\n",
			"GET /actuator/health/liveness HTTP/9.9\r\nHost: a\r\n\r\n",
			"GET /actuator/prometheus HTTP/1.1\r\n\r\n", "GET /actuator/prometheus HTTP/1.1\r\nHost: a b\r\n\r\n" })
	void aMalformedRequestIsABadRequestProblemAndTheConnectionIsClosed(String request) throws Exception {
		try (RawHttp http = sendRaw(request)) {
			expectClosingProblem(http, 400, "BAD_REQUEST");
		}
	}

	private static String cacheStatusOf(String video) {
		return gateway.client().get().uri("/v1/videos/" + video + "/play-auth").exchange()
			.expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getFirst("X-Cache");
	}

	/** A DELETE of the cached {@code video} with a chunked body, of which {@code chunks} are sent. */
	private static RawHttp deleteWithChunkedBody(String video, String chunks) throws Exception {
		return sendRaw("DELETE /actuator/credentials/" + video + " HTTP/1.1\r\nHost: a\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n" + chunks);
	}

	@Test
	void aDeleteWhoseChunkedBodyIsBrokenIsNotCarriedOut() throws Exception {
		String video = GatewayFleet.freshVideo();
		cacheStatusOf(video);
		try (RawHttp http = deleteWithChunkedBody(video, "2\r\n{}\r\nzz\r\n\r\n")) {
			assertThat(http.read(false)).isNull();
		}
		assertThat(cacheStatusOf(video)).isEqualTo("HIT");
	}

	@Test
	void aDeleteWithAWholeChunkedBodyIsCarriedOutOnceTheBodyHasArrived() throws Exception {
		String video = GatewayFleet.freshVideo();
		cacheStatusOf(video);
		try (RawHttp http = deleteWithChunkedBody(video, "2\r\n{}\r\n")) {
			assertThat(http.staysSilentFor(300)).isTrue();
			http.send("0\r\n\r\n");
			Answer answer = http.read(false);

			assertThat(answer).isNotNull();
			assertThat(answer.status()).isEqualTo(204);
		}
		assertThat(cacheStatusOf(video)).isEqualTo("MISS");
	}

	@Test
	void aBodyOverTheManagementPortsLimitIsABadRequestAndTheConnectionIsClosed() throws Exception {
		int length = 64 * 1024 + 1; // one byte over what the management port holds of a body
		try (RawHttp http = sendRaw("DELETE /actuator/credentials/" + GatewayFleet.freshVideo() + " HTTP/1.1\r\n"
				+ "Host: a\r\nContent-Length: " + length + "\r\n\r\n" + "a".repeat(length))) {
			expectClosingProblem(http, 400, "BAD_REQUEST");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Transfer-Encoding: gzip", "Transfer-Encoding: identity",
			"Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip" })
	void aDeleteWhoseFramingCannotBeReadIsRefusedAndNotCarriedOut(String framing) throws Exception {
		String video = GatewayFleet.freshVideo();
		ask(HttpMethod.GET, "/actuator/credentials/" + video).expectStatus().isOk();
		try (RawHttp http = sendRaw("DELETE /actuator/credentials/" + video + " HTTP/1.1\r\nHost: a\r\n" + framing
				+ "\r\n\r\nGET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n")) {
			expectClosingProblem(http, 400, "BAD_REQUEST");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/%zz", "/actuator/%E0%A4%A", "/actuator/health?x=%", "/actuator/a%",
			"/actuator/health/a|b", "/actuator/<script>" })
	void aTargetThatIsNotAUriIsABadRequestProblemWithoutItAndTheConnectionIsClosed(String target) throws Exception {
		try (CapturedLog log = CapturedLog.attach();
				RawHttp http = sendRaw("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n")) {
			Answer answer = http.read(false);

			assertThat(answer).isNotNull();
			assertThat(answer.status()).as(answer.body()).isEqualTo(400);
			assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(answer.header("Connection")).isEqualTo("close");
			assertThat(answer.body()).contains("\"code\":\"BAD_REQUEST\"")
				.doesNotContain(target.substring(target.lastIndexOf('/') + 1))
				.doesNotContain("Exception");
			assertThat(http.isClosedByServer()).isTrue();
			assertThat(log.withStackTraces()).isEmpty();
		}
	}

	@Test
	void aMalformedRequestPipelinedAfterAProbeIsRefusedAfterTheProbesAnswer() throws Exception {
		try (RawHttp http = sendRaw("GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n"
				+ "GET /actuator/health/liveness HTTP/1.1 extra\r\nHost: a\r\n\r\n")) {
			Answer probe = http.read(false);

			assertThat(probe.status()).isEqualTo(200);
			assertThat(probe.body()).contains("UP");
			expectClosingProblem(http, 400, "BAD_REQUEST");
		}
	}

	@Test
	void aReadableRequestKeepsItsConnection() throws Exception {
		try (RawHttp http = sendRaw("GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n")) {
			assertThat(http.read(false).status()).isEqualTo(200);
			http.send("GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n");
			Answer next = http.read(false);

			assertThat(next.status()).isEqualTo(200);
			assertThat(next.header("Connection")).isNull();
		}
	}

	@Test
	void theManagementContextsConfigurationIsNotScannedIntoThePublicContext() {
		var context = gateway.context();

		assertThat(Arrays.stream(context.getBeanNamesForAnnotation(ManagementContextConfiguration.class))
			.map(name -> context.getType(name).getName())).noneMatch(type -> type.startsWith("dev.playgate."));
		assertThat(context.containsBean("playgateManagementGuard")).isFalse();
	}
}
