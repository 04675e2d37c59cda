package dev.playgate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Catalogue fetches are upstream calls like any other: a flood of distinct videos is paid from the budget. Time is
 * fake and never moves, so the budget never refills: what it lets through is exactly what it had.
 */
final class LocalSignBudgetTest {

	private static final int BUDGET = 5;
	private static final String KEY = "budgetTestKey1";

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0), CdnOptions.defaults().withKey(KEY));
		gateway = RunningGateway.start(emulator, Map.of("playgate.play-info.mode", "local-sign",
				"playgate.play-info.url-signing.key", KEY, "playgate.upstream.permits-per-second", BUDGET,
				"playgate.upstream.max-wait", "100ms", "playgate.upstream.retry.max-attempts", 1),
				FakeTime.startingAt(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@Test
	void floodOfDistinctVideosIsPaidFromTheBudgetAndShedWithRetryAfter() {
		List<Answer> answers = Load.concurrently(gateway.baseUrl(), 200,
				i -> "/v1/videos/" + "flood" + String.format("%026d", i) + "1/play-info?authTimeout=" + (60 + i));

		// without the budget on the catalogue path every one of the 200 videos would be fetched (VOD allows 360/s)
		assertThat(emulator.stats().calls("GetPlayInfo")).isPositive().isLessThanOrEqualTo(BUDGET);
		assertThat(answers).extracting(Answer::status).containsOnly(200, 503);
		assertThat(answers.stream().filter(a -> a.status() == 503)).allSatisfy(a -> {
			assertThat(a.header("Retry-After")).matches("[1-9][0-9]*");
			assertThat(a.body()).contains("\"code\":\"UPSTREAM_BUSY\"");
		});
	}
}
