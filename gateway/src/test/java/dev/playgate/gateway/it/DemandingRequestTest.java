package dev.playgate.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request asking for more validity than the cached credential has left, while VOD fails: it is refused, and the
 * cached credential keeps serving every request it satisfies, during that request's load and after it failed.
 */
final class DemandingRequestTest {

	private final FakeTime time = FakeTime.startingNow();

	private VodEmulator emulator;

	private RedisProcess redis;

	private RunningGateway gateway;

	@BeforeEach
	void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
	}

	@AfterEach
	void stop() {
		if (gateway != null) {
			gateway.close();
		}
		emulator.close();
		if (redis != null) {
			redis.close();
		}
	}

	private Map<String, Object> properties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("playgate.upstream.retry.max-attempts", 2);
		return properties;
	}

	@Test
	void failedDemandingRequestDoesNotCostOrdinaryRequestsTheCachedCredentialWithoutRedis() {
		gateway = RunningGateway.start(emulator, properties(), time);
		demandingRequestDuringAnOutageLeavesTheCredentialServed();
	}

	@Test
	void failedDemandingRequestDoesNotCostOrdinaryRequestsTheCachedCredentialWithRedis() {
		redis = RedisProcess.start();
		Map<String, Object> properties = properties();
		properties.put("playgate.redis.url", redis.url());
		properties.put("playgate.redis.command-timeout", GatewayFleet.COMMAND_TIMEOUT);
		gateway = RunningGateway.start(emulator, properties, time);
		demandingRequestDuringAnOutageLeavesTheCredentialServed();
	}

	@Test
	void cachedCredentialIsServedWhileADemandingRequestWaitsForAHangingVod() {
		gateway = RunningGateway.start(emulator, properties(), time);
		String path = "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth";
		Answer cached = Load.get(gateway.baseUrl(), path);
		time.advance(Duration.ofSeconds(100));
		emulator.faults().hang(true);

		Mono<Answer> demanding = Mono.fromCallable(() -> Load.get(gateway.baseUrl(), path + "?minValidity="
				+ (remaining(cached).toSeconds() + 1))).cache();
		demanding.subscribeOn(Schedulers.boundedElastic()).subscribe();
		Awaitility.await("the demanding request's call in flight").atMost(Duration.ofSeconds(10)).until(this::vodCallInFlight);
		Answer during = Load.get(gateway.baseUrl(), path);
		emulator.faults().hang(false);

		assertThat(during.status()).isEqualTo(200);
		assertThat(during.body()).isEqualTo(cached.body());
		assertThat(during.header("X-Cache")).isEqualTo("HIT");
		assertThat(demanding.block(Duration.ofSeconds(30)).status()).isIn(200, 503, 504);
	}

	private boolean vodCallInFlight() {
		MeterRegistry registry = gateway.context().getBean(MeterRegistry.class);
		Gauge available = registry.get("resilience4j.bulkhead.available.concurrent.calls").gauge();
		Gauge max = registry.get("resilience4j.bulkhead.max.allowed.concurrent.calls").gauge();
		return available.value() < max.value();
	}

	private void demandingRequestDuringAnOutageLeavesTheCredentialServed() {
		String path = "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth";
		Answer cached = Load.get(gateway.baseUrl(), path);
		time.advance(Duration.ofSeconds(100));
		emulator.faults().outage(true);

		Answer demanding = Load.get(gateway.baseUrl(), path + "?minValidity=" + (remaining(cached).toSeconds() + 1));
		Answer ordinary = Load.get(gateway.baseUrl(), path);
		Answer demandingAgain = Load.get(gateway.baseUrl(), path + "?minValidity=" + (remaining(cached).toSeconds() + 1));
		Answer ordinaryAgain = Load.get(gateway.baseUrl(), path);

		assertThat(cached.status()).isEqualTo(200);
		assertThat(demanding.status()).isEqualTo(503);
		assertThat(demanding.body()).contains("UPSTREAM_BUSY");
		assertThat(demandingAgain.status()).isEqualTo(503);
		for (Answer answer : new Answer[] { ordinary, ordinaryAgain }) {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo(cached.body());
		}
	}

	private Duration remaining(Answer answer) {
		Instant expiresAt = Instant
			.parse(JsonMapper.builder().build().readTree(answer.body()).get("expiresAt").asString());
		return Duration.between(time.instant(), expiresAt);
	}
}
