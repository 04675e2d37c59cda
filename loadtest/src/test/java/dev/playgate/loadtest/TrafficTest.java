package dev.playgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class TrafficTest {

	private static final Mix PLAY_AUTH_ONLY = new Mix(0, 0, "", "");

	@Test
	void zipfSendsTheExpectedShareToTheTopVideo() {
		Traffic.Ranks ranks = Traffic.zipf(10_000, 1.0);
		SplittableRandom random = new SplittableRandom(7);
		int top = 0;
		int draws = 200_000;
		for (int i = 0; i < draws; i++) {
			top += ranks.next(random) == 1 ? 1 : 0;
		}
		// 1 / H(10000) = 0.1020 for exponent 1.0
		assertThat((double) top / draws).isCloseTo(0.102, within(0.005));
	}

	@Test
	void zipfStaysWithinTheCatalogue() {
		Traffic.Ranks ranks = Traffic.zipf(50, 0.8);
		SplittableRandom random = new SplittableRandom(1);
		for (int i = 0; i < 10_000; i++) {
			assertThat(ranks.next(random)).isBetween(1L, 50L);
		}
	}

	@Test
	void sequenceThenCreatesEveryKeyOnceBeforeReading() {
		Traffic.Ranks ranks = Traffic.sequenceThen(3, random -> 99);
		SplittableRandom random = new SplittableRandom(1);
		List<Long> drawn = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			drawn.add(ranks.next(random));
		}
		assertThat(drawn).containsExactly(1L, 2L, 3L, 99L, 99L);
	}

	@Test
	void recordNamesTheCallThePathAndTheExpectedStatus() {
		Map<String, Object> record = Traffic.of(Traffic.single(42), new Mix(0, 0, "minValidity=10", ""), 1).next();
		assertThat(record).containsEntry("op", "play-auth").containsEntry("expect", 200)
				.containsEntry("path", "/v1/videos/v0000000000000000000000000000042/play-auth?minValidity=10");
	}

	@Test
	void queryVariantsAreEachDrawn() {
		Traffic traffic = Traffic.of(Traffic.single(1), new Mix(1, 0, "", "authTimeout=1800|formats=mp4"), 3);
		java.util.Set<String> queries = new java.util.HashSet<>();
		for (int i = 0; i < 200; i++) {
			String path = (String) traffic.next().get("path");
			queries.add(path.substring(path.indexOf('?') + 1));
		}
		assertThat(queries).containsExactlyInAnyOrder("authTimeout=1800", "formats=mp4");
	}

	@Test
	void missingVideosExpectNotFound() {
		Map<String, Object> record = Traffic.of(Traffic.single(5), new Mix(1, 1, "", ""), 1).next();
		assertThat(record).containsEntry("op", "play-info").containsEntry("expect", 404);
		assertThat((String) record.get("videoId")).startsWith("NOTFOUND").hasSize(32);
	}

	@Test
	void feederNeverRunsDry() {
		assertThat(Traffic.of(Traffic.uniform(2), PLAY_AUTH_ONLY, 1).hasNext()).isTrue();
	}
}
