package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.KeepAliveClients.Tally;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keep-alive connections under saturation: every request on a reused connection is answered, whatever came before
 * it on that connection, and every request is counted once in {@code playgate.requests}.
 */
final class KeepAliveSaturationTest {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private VodEmulator emulator;

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
	}

	@Test
	void everyKeepAliveRequestIsAnsweredAndCountedWhenTheBudgetRefusesSomeAtOnce() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.permits-per-second", 40));

		Tally tally = KeepAliveClients.run(gateway.port(), 20, 20, ANSWER_TIMEOUT,
				i -> "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth");

		assertThat(tally.unanswered()).isZero();
		assertThat(tally.answered()).isEqualTo(400);
		assertThat(tally.statuses().keySet()).containsOnly(200, 503);
		assertThat(tally.count(503)).isPositive();
		assertThat(tally.retryAfterMissing()).isZero();
		assertThat(requestsCounted()).isEqualTo(400);
	}

	@Test
	void everyKeepAliveRequestIsAnsweredWhenAnImmediateAnswerFollowsOneWrittenFromAnotherThread() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.permits-per-second", 300,
				"playgate.redis.budget.expected-replicas", 1));

		// a miss is answered from the SDK's thread, an invalid id at once on the event loop: alternating them on
		// one connection is the sequence that used to leave a connection unread
		Tally tally = KeepAliveClients.run(gateway.port(), 16, 80, ANSWER_TIMEOUT,
				i -> i % 2 == 0 ? "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth"
						: "/v1/videos/not-a-video/play-auth");

		assertThat(tally.unanswered()).isZero();
		assertThat(tally.answered()).isEqualTo(16 * 80);
		assertThat(tally.count(400)).isEqualTo(16 * 40);
		assertThat(requestsCounted()).isEqualTo(16 * 80);
	}

	private double requestsCounted() {
		return gateway.context().getBean(MeterRegistry.class).find("playgate.requests").counters().stream()
			.mapToDouble(Counter::count)
			.sum();
	}
}
