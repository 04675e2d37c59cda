package dev.playgate.loadtest;

/**
 * Release day: a burst of players all opening the same video at once, then a steady stream of more. Without
 * playgate every one of them is a VOD call; with it, each call (PlayAuth, play URLs) for the video should reach VOD
 * about once per validity window, whatever the number of players or gateway instances.
 *
 * <p>The defaults send each API about 400 requests/s, more than VOD's 360/s quota, so the summary shows what a
 * fleet without playgate would have run into.
 *
 * <p>Knobs: {@code burst} (players in the first instant, default 1000), {@code rate} (req/s after it, 800),
 * {@code duration} (s, 30), {@code rank} (which video, 1), {@code playInfoShare} (0.5), plus the common ones.
 */
public class HotVideoStorm extends PlaygateSimulation {

	{
		double rate = Knobs.decimal("rate", 800, 1, 100_000);
		Traffic traffic = Traffic.of(Traffic.single(Knobs.integer("rank", 1, 1, Integer.MAX_VALUE)),
				Mix.fromKnobs(0.5, ""), Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open()
				.burst("burst", Knobs.integer("burst", 1_000, 1, 100_000))
				.constant("storm", rate, Knobs.integer("duration", 30, 1, 86_400));
		launch(arrivals, Playback.call(traffic), new Limits(1.0, 1_000, 2_000));
	}
}
