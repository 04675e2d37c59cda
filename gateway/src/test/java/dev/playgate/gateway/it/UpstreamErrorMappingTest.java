package dev.playgate.gateway.it;

import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which party VOD's failures are put on, through real HTTP: a request the gateway built and VOD calls invalid is the
 * gateway's or the operator's problem (502), a reused nonce is transient (retried, then 503), a missing video is the
 * client's (404); batch items say the same as the single routes, and every request is counted once.
 */
final class UpstreamErrorMappingTest {

	private static final int ATTEMPTS = 3;

	private static VodEmulator emulator;

	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.retry.max-attempts", ATTEMPTS,
				"playgate.upstream.retry.initial-backoff", "20ms", "playgate.upstream.retry.max-backoff", "50ms"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@BeforeEach
	void clearFaults() {
		emulator.faults().clear();
	}

	@Test
	void invalidParameterForARequestTheGatewayBuiltIsUpstreamMisconfigured() {
		answersEverywhere("InvalidParameter", 502, "UPSTREAM_MISCONFIGURED");
	}

	@Test
	void invalidParameterFamilyIsUpstreamMisconfigured() {
		answersEverywhere("InvalidParameter.Formats", 502, "UPSTREAM_MISCONFIGURED");
	}

	@Test
	void missingParameterForARequestTheGatewayBuiltIsUpstreamMisconfigured() {
		answersEverywhere("MissingVideoId", 502, "UPSTREAM_MISCONFIGURED");
	}

	@Test
	void missingVideoIsTheClientsNotFound() {
		answersEverywhere("InvalidVideo.NotFound", 404, "VIDEO_NOT_FOUND");
	}

	@Test
	void reusedNonceIsRetriedWithANewOneAndThenUpstreamBusy() {
		emulator.faults().errorRate(1.0, "SignatureNonceUsed");
		long before = emulator.stats().calls("GetVideoPlayAuth");
		EntityExchangeResult<String> single = get("/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth");

		assertThat(single.getStatus().value()).isEqualTo(503);
		assertThat(single.getResponseBody()).contains("\"code\":\"UPSTREAM_BUSY\"");
		assertThat(single.getResponseHeaders().getFirst("Retry-After")).isNotNull();
		assertThat(emulator.stats().calls("GetVideoPlayAuth") - before).isEqualTo(ATTEMPTS);
		emulator.faults().clear();
		assertThat(get("/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth").getStatus().value()).isEqualTo(200);
	}

	/** The single play-auth and play-info routes and a batch item all answer {@code code} for VOD's {@code vodCode}. */
	private void answersEverywhere(String vodCode, int status, String code) {
		emulator.faults().errorRate(1.0, vodCode);
		double counted = requestsCounted();

		EntityExchangeResult<String> playAuth = get("/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth");
		EntityExchangeResult<String> playInfo = get("/v1/videos/" + GatewayFleet.freshVideo() + "/play-info");
		EntityExchangeResult<String> batch = gateway.client()
			.post()
			.uri("/v1/play-auth/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"videoIds\":[\"" + GatewayFleet.freshVideo() + "\"]}")
			.exchange()
			.expectBody(String.class)
			.returnResult();

		for (EntityExchangeResult<String> single : java.util.List.of(playAuth, playInfo)) {
			assertThat(single.getStatus().value()).as(vodCode).isEqualTo(status);
			assertThat(single.getResponseBody()).contains("\"code\":\"" + code + "\"").doesNotContain("testSecret");
		}
		assertThat(batch.getStatus().value()).isEqualTo(200);
		assertThat(batch.getResponseBody()).contains("\"code\":\"" + code + "\"", "\"status\":" + status);
		assertThat(requestsCounted() - counted).isEqualTo(3);
	}

	private static EntityExchangeResult<String> get(String path) {
		return gateway.client().get().uri(path).exchange().expectBody(String.class).returnResult();
	}

	private static double requestsCounted() {
		return gateway.context().getBean(MeterRegistry.class).find("playgate.requests").counters().stream()
			.mapToDouble(Counter::count)
			.sum();
	}
}
