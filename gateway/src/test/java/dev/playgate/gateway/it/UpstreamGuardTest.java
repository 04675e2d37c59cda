package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The guarded upstream seen from outside: budget, shedding, no caching of failures, breaker, stale serving. */
final class UpstreamGuardTest {

	private static final int BUDGET = 20;
	private static VodEmulator emulator;
	private static RunningGateway gateway;
	private static int next;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of(
				"playgate.upstream.permits-per-second", BUDGET,
				"playgate.upstream.max-wait", "300ms",
				"playgate.upstream.retry.max-attempts", 2,
				"playgate.upstream.circuit-breaker.minimum-calls", 5,
				"playgate.upstream.circuit-breaker.wait-in-open-state", "3s"));
		// a cold JVM's first SDK calls take seconds and would arrive at VOD bunched together: warm the path first
		for (int i = 0; i < 40; i++) {
			get(fresh());
		}
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@BeforeEach
	void reset() {
		emulator.faults().clear();
		emulator.reset();
		await().atMost(Duration.ofSeconds(15)).until(() -> get(fresh()).status() == 200);
		emulator.reset();
	}

	private static String fresh() {
		String digits = Integer.toString(++next);
		return "guard" + "0".repeat(27 - digits.length()) + digits;
	}

	private static Answer get(String video) {
		return Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-auth");
	}

	@Test
	void missesFasterThanTheBudgetAreShedWithRetryAfter() {
		List<Answer> answers = Load.concurrently(gateway.baseUrl(), 300,
				i -> "/v1/videos/" + "burst" + String.format("%027d", i) + "/play-auth");

		assertThat(answers).extracting(Answer::status).containsOnly(200, 503);
		List<Answer> shed = answers.stream().filter(a -> a.status() == 503).toList();
		assertThat(shed).isNotEmpty();
		assertThat(shed).allSatisfy(a -> {
			assertThat(a.header("Retry-After")).matches("[1-9][0-9]*");
			assertThat(a.body()).contains("\"code\":\"UPSTREAM_BUSY\"");
		});
	}

	/**
	 * A benchmark, not part of the build: arrivals on real time carry the machine's scheduling delays (the exact check
	 * of the same bound is UpstreamEmulatorTest's flood on fake time; figures in docs/performance.md).
	 */
	@Test
	@Tag("benchmark")
	void missesFasterThanTheBudgetStayUnderIt() {
		Load.concurrently(gateway.baseUrl(), 300, i -> "/v1/videos/" + "peak" + String.format("%028d", i) + "/play-auth");

		long peak = emulator.stats().peakCallsPerSecond("GetVideoPlayAuth");
		System.out.printf("BENCH single gateway B=%d: peak arrivals in any sliding second %d (%.3f B)%n", BUDGET, peak,
				peak / (double) BUDGET);
		assertThat(peak).isLessThanOrEqualTo(BUDGET);
	}

	@Test
	void throttlingIsNotCached() {
		String video = fresh();
		emulator.faults().errorRate(1.0, "Throttling.User");
		assertThat(get(video).status()).isEqualTo(503);
		emulator.faults().clear();

		Answer after = get(video);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.header("X-Cache")).isEqualTo("MISS");
	}

	@Test
	void outageIsNotCachedAndTheBreakerOpensThenRecovers() {
		emulator.faults().outage(true);
		for (int i = 0; i < 20; i++) {
			assertThat(get(fresh()).status()).isEqualTo(503);
		}
		long callsWhileFailing = emulator.stats().totalCalls();
		for (int i = 0; i < 20; i++) {
			get(fresh());
		}
		assertThat(emulator.stats().totalCalls()).as("breaker open: no more calls").isEqualTo(callsWhileFailing);

		emulator.faults().clear();
		await().atMost(Duration.ofSeconds(15)).until(() -> get(fresh()).status() == 200);
	}

	@Test
	void validEntriesKeepBeingServedDuringAnOutage() {
		String video = fresh();
		Answer before = get(video);
		emulator.faults().outage(true);

		for (int i = 0; i < 10; i++) {
			Answer during = get(video);
			assertThat(during.status()).isEqualTo(200);
			assertThat(during.body()).isEqualTo(before.body());
		}
	}

	@Test
	void timeoutsAnswerUpstreamTimeout() {
		emulator.faults().hang(true);
		Answer answer = get(fresh());
		assertThat(answer.status()).isIn(503, 504);
		emulator.faults().hang(false);
	}
}
