package dev.playgate.loadtest;

/**
 * A realistic day: players ask for videos of a large catalogue with Zipf-distributed popularity, a few very popular
 * and a long tail requested once. This is the test that keeps coalescing honest: the tail misses, the head hits, and
 * the upstream must stay under budget either way.
 *
 * <p>Knobs: {@code rate} (req/s, default 300), {@code duration} (s, 60), {@code ramp} (s, 5), {@code catalog}
 * (videos, 10000), {@code zipf} (exponent, 1.0), {@code seed}, {@code playInfoShare} (0.3), {@code notFoundShare}
 * (0), plus the common ones in {@code loadtest/README.md}.
 */
public class ZipfCatalog extends PlaygateSimulation {

	{
		double rate = Knobs.decimal("rate", 300, 1, 100_000);
		int catalog = Knobs.integer("catalog", 10_000, 1, 10_000_000);
		Traffic traffic = Traffic.of(Traffic.zipf(catalog, Knobs.decimal("zipf", 1.0, 0, 5)),
				Mix.fromKnobs(0.3, ""), Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open()
				.ramp("ramp-up", 1, rate, Knobs.integer("ramp", 5, 1, 3600))
				.constant("steady", rate, Knobs.integer("duration", 60, 1, 86_400));
		launch(arrivals, Playback.call(traffic), new Limits(1.0, 250, 500));
	}
}
