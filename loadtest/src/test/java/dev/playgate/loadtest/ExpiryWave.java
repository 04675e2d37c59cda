package dev.playgate.loadtest;

/**
 * A synchronised expiry: many keys are created within a few seconds with a short validity
 * ({@code authInfoTimeout}), then read steadily, so they all reach their refresh point, and then their
 * {@code minValidity} floor, together. The gateway must refresh them within its upstream budget, answer without
 * errors, and never hand out a PlayAuth with less than {@code minValidity} seconds left (checked on every 200).
 *
 * <p>Knobs: {@code keys} (default 1000), {@code createSeconds} (s to create them in, 5), {@code rate} (req/s
 * of the read phase, 200), {@code duration} (s of the read phase, 100; keep it past {@code authInfoTimeout} to see
 * the wave), {@code authInfoTimeout} (s, 100..3000, default 100), {@code minValidity} (s, 10), plus the common ones.
 */
public class ExpiryWave extends PlaygateSimulation {

	{
		int keys = Knobs.integer("keys", 1_000, 1, 1_000_000);
		int createSeconds = Knobs.integer("createSeconds", 5, 1, 600);
		int timeout = Knobs.integer("authInfoTimeout", 100, 100, 3000);
		int minValidity = Knobs.integer("minValidity", 10, 0, 3000);
		String query = "authInfoTimeout=" + timeout + "&minValidity=" + minValidity;
		Mix mix = new Mix(0, 0, query, "");
		// the first `keys` users create the keys in order, evenly spaced; every later one reads a key at random
		Traffic traffic = Traffic.of(Traffic.sequenceThen(keys, Traffic.uniform(keys)), mix,
				Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		double rate = Knobs.decimal("rate", 200, 1, 100_000);
		int duration = Knobs.integer("duration", 100, 1, 86_400);
		// split the read phase where refreshes can start (refresh-ahead begins around half the lifetime, jittered),
		// so the summary shows the wave as its own phase
		int calm = Math.min(duration, timeout * 4 / 10);
		Schedule arrivals = Schedule.open().even("create keys", (double) keys / createSeconds, createSeconds)
				.constant("read, before the wave", rate, calm);
		if (duration > calm) {
			arrivals.constant("read, refresh/expiry wave", rate, duration - calm);
		}
		launch(arrivals, Playback.callWithValidity(traffic, minValidity), new Limits(1.0, 500, 1_000));
	}
}
