package dev.playgate.loadtest;

/**
 * Finding the knee: the arrival rate rises in steps, each held long enough to settle, over the Zipf catalogue. The
 * summary reports every step (rate held, percentiles, errors); the knee is the first step whose rate is not held or
 * whose latency jumps. The assertions are loose on purpose, since the last steps are meant to hurt.
 *
 * <p>Knobs: {@code startRate} (req/s, default 100), {@code step} (req/s added per step, 100), {@code steps}
 * (levels, 6), {@code level} (s held per level, 15), {@code rampBetween} (s between levels, 2), {@code catalog},
 * {@code zipf}, {@code seed}, {@code playInfoShare}, plus the common ones.
 */
public class CapacitySteps extends PlaygateSimulation {

	{
		double start = Knobs.decimal("startRate", 100, 1, 100_000);
		double step = Knobs.decimal("step", 100, 0, 100_000);
		int steps = Knobs.integer("steps", 6, 1, 100);
		int level = Knobs.integer("level", 15, 1, 3600);
		int between = Knobs.integer("rampBetween", 2, 1, 600);
		int catalog = Knobs.integer("catalog", 10_000, 1, 10_000_000);
		Traffic traffic = Traffic.of(Traffic.zipf(catalog, Knobs.decimal("zipf", 1.0, 0, 5)),
				Mix.fromKnobs(0.3, ""), Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open().ramp("warm-up", 1, start, between);
		for (int i = 0; i < steps; i++) {
			double rate = start + i * step;
			if (i > 0) {
				arrivals.ramp("ramp " + (i + 1), rate - step, rate, between);
			}
			arrivals.constant("step " + (i + 1), rate, level);
		}
		launch(arrivals, Playback.call(traffic), new Limits(5.0, 2_000, 5_000));
	}
}
