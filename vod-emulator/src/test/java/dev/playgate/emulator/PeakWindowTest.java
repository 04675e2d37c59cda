package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

final class PeakWindowTest {

	@Test
	void countsCallsWithinOneThousandMillisecondsAsOneWindow() {
		PeakWindow window = new PeakWindow();
		record(window, 0, 3);
		record(window, 999, 2);
		record(window, 1000, 4);

		assertThat(window.peak()).as("[1, 1000] holds 2 + 4, [0, 999] holds 3 + 2").isEqualTo(6);
	}

	@Test
	void callsExactlyOneSecondApartAreInDifferentWindows() {
		PeakWindow window = new PeakWindow();
		for (long t = 0; t < 10_000; t += 1000) {
			window.record(t);
		}

		assertThat(window.peak()).isEqualTo(1);
	}

	@Test
	void outOfOrderCallsAreCountedExactly() {
		PeakWindow window = new PeakWindow();
		record(window, 5000, 1);
		window.drain();
		record(window, 4500, 1);
		record(window, 4001, 1);

		assertThat(window.peak()).isEqualTo(3);
	}

	@Test
	void largeClockJumpsKeepEarlierPeaks() {
		PeakWindow window = new PeakWindow();
		record(window, 0, 5);
		record(window, 3_600_000, 2);

		assertThat(window.peak()).isEqualTo(5);
	}

	@Test
	void matchesABruteForceCountOnRandomTraffic() {
		SplittableRandom random = new SplittableRandom(3);
		for (int run = 0; run < 20; run++) {
			PeakWindow window = new PeakWindow();
			long[] times = new long[2_000];
			long t = 0;
			for (int i = 0; i < times.length; i++) {
				t += random.nextInt(random.nextBoolean() ? 3 : 40);
				times[i] = t;
				window.record(t);
				if (random.nextInt(100) == 0) {
					window.drain();
				}
			}
			assertThat(window.peak()).isEqualTo(bruteForcePeak(times));
		}
	}

	@Test
	void clearForgetsThePeak() {
		PeakWindow window = new PeakWindow();
		record(window, 10, 9);

		window.clear();
		window.record(20);

		assertThat(window.peak()).isEqualTo(1);
	}

	private static long bruteForcePeak(long[] sortedTimes) {
		long peak = 0;
		int start = 0;
		for (int end = 0; end < sortedTimes.length; end++) {
			while (sortedTimes[start] < sortedTimes[end] - 999) {
				start++;
			}
			peak = Math.max(peak, end - start + 1);
		}
		return peak;
	}

	private static void record(PeakWindow window, long millis, int calls) {
		for (int i = 0; i < calls; i++) {
			window.record(millis);
		}
	}
}
