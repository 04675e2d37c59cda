package dev.playgate.loadtest;

/**
 * Steady load for a long, configurable time over the Zipf catalogue: what leaks, drifts or slowly fills up (memory,
 * connections, cache bytes, budget tokens) shows as latency or errors late in the run. The CI default is short; run
 * it for hours with {@code -Dduration=14400}.
 *
 * <p>Knobs: {@code rate} (req/s, default 200), {@code duration} (s, 120), {@code ramp} (s, 10), {@code catalog}
 * (50000), {@code zipf} (1.0), {@code seed}, {@code playInfoShare} (0.3), {@code notFoundShare} (0.01), plus the
 * common ones.
 */
public class Soak extends PlaygateSimulation {

	{
		double rate = Knobs.decimal("rate", 200, 1, 100_000);
		int catalog = Knobs.integer("catalog", 50_000, 1, 10_000_000);
		Mix mix = new Mix(Knobs.decimal("playInfoShare", 0.3, 0, 1), Knobs.decimal("notFoundShare", 0.01, 0, 1),
				Knobs.text("playAuthQuery", ""), Knobs.text("playInfoQuery", ""));
		Traffic traffic = Traffic.of(Traffic.zipf(catalog, Knobs.decimal("zipf", 1.0, 0, 5)), mix,
				Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open()
				.ramp("ramp-up", 1, rate, Knobs.integer("ramp", 10, 1, 3600))
				.constant("soak", rate, Knobs.integer("duration", 120, 1, 7 * 86_400));
		launch(arrivals, Playback.call(traffic), new Limits(0.5, 250, 500));
	}
}
