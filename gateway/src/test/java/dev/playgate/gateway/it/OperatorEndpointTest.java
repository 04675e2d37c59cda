package dev.playgate.gateway.it;

import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every refusal of the operator's {@code /actuator/credentials} endpoint (management port) is an
 * {@code application/problem+json} with a {@code code}, like the public port's; its answers stay as they were.
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

	@Test
	void aWellFormedIdIsStillAnsweredAsBefore() {
		String video = GatewayFleet.freshVideo();
		ask(HttpMethod.GET, "/actuator/credentials/" + video).expectStatus().isOk()
			.expectBody().jsonPath("$.videoId").isEqualTo(video).jsonPath("$.fleetWide").isEqualTo(false);
		ask(HttpMethod.DELETE, "/actuator/credentials/" + video).expectStatus().isNoContent();
	}
}
