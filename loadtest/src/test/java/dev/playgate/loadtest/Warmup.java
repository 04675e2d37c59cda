package dev.playgate.loadtest;

/**
 * The unmeasured warm-up {@code loadtest/run} sends before a measured run: a modest steady load on video ids no
 * simulation asks for ({@link VideoIds#warmUp}), half on 50 hot ids and half spread over a billion, 30 % play-info,
 * so the gateways' JIT, connection pools and the SDK path to the emulator are warm while the measured run still
 * starts with cold caches. A cold JVM on a 2-core machine answers its first seconds of load many times slower, and
 * that would be measured as the gateway's capacity. Its pass marks accept anything: it warms, it does not judge.
 *
 * <p>Knobs: {@code duration} (s, default 20), {@code rate} (req/s, 100), {@code seed}.
 */
public class Warmup extends PlaygateSimulation {

	{
		Traffic.Ranks hot = Traffic.uniform(50);
		Traffic.Ranks spread = Traffic.uniform(1_000_000_000);
		Traffic.Ranks ranks = random -> random.nextBoolean() ? hot.next(random) : spread.next(random);
		Traffic traffic = Traffic.warmUp(ranks, new Mix(0.3, 0, "", ""), Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open()
				.constant("warm-up", Knobs.decimal("rate", 100, 1, 10_000), Knobs.integer("duration", 20, 1, 3_600));
		launch(arrivals, Playback.call(traffic), new Limits(100.0, 600_000, 600_000));
	}
}
