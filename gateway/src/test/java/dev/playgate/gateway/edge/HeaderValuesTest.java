package dev.playgate.gateway.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class HeaderValuesTest {

	@Test
	void encodedValuesReadAsTheFormattedOnes() {
		for (long n : new long[] { 0, 1, 59, 2969, HeaderValues.ENCODED - 1, HeaderValues.ENCODED, 2_592_000 }) {
			assertThat(HeaderValues.cacheControl(n).toString()).isEqualTo("private, max-age=" + n);
			assertThat(HeaderValues.number(n).toString()).isEqualTo(Long.toString(n));
		}
	}

	@Test
	void wholeSecondsAreThoseOfTheDurationAndNeverNegative() {
		Random random = new Random(14);
		Instant origin = Instant.parse("2026-12-02T10:00:00.250Z");
		for (int i = 0; i < 10_000; i++) {
			Instant from = origin.plusNanos(random.nextLong() % 5_000_000_000L);
			Instant to = origin.plusNanos(random.nextLong() % 5_000_000_000L);
			long expected = Math.max(0, Duration.between(from, to).toSeconds());
			assertThat(CredentialAnswer.wholeSeconds(from, to)).as("%s -> %s", from, to).isEqualTo(expected);
		}
	}
}
