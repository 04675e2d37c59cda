package dev.playgate.loadtest;

import java.time.Clock;

/**
 * Players on a Zipf-popular catalogue while VOD delivers catalogue events for the same videos: every event purges
 * the video on every replica (and the next request asks VOD again), so the run shows what purges cost the fleet,
 * that the receiver keeps VOD's 5 s answer time under player load, and that upstream stays under budget while the
 * popular videos are purged again and again. {@code loadtest/run --events} configures the gateways' receiver with a
 * fresh auth key and passes it here as {@code -DeventKey} and {@code -DcallbackUrl}.
 *
 * <p>Knobs: {@code rate} (requests/s, events included, default 200), {@code eventShare} (share of requests that are
 * events, 0.02), {@code duration} (s, 60), {@code ramp} (s, 5), {@code catalog} (videos, 5000), {@code zipf} (1.0),
 * {@code playInfoShare} (0.3), {@code seed}, {@code eventKey}, {@code callbackUrl}, plus the common ones.
 */
public class CatalogueEvents extends PlaygateSimulation {

	{
		double rate = Knobs.decimal("rate", 200, 1, 100_000);
		int seed = Knobs.integer("seed", 42, 0, Integer.MAX_VALUE);
		Traffic.Ranks popularity = Traffic.zipf(Knobs.integer("catalog", 5_000, 1, 10_000_000),
				Knobs.decimal("zipf", 1.0, 0, 5));
		String eventKey = Knobs.text("eventKey", "");
		if (eventKey.isEmpty()) {
			throw new IllegalArgumentException("CatalogueEvents needs -DeventKey (the gateways' playgate.events.auth-key)"
					+ " and -DcallbackUrl; loadtest/run --events sets both");
		}
		VodEvents traffic = new VodEvents(Traffic.of(popularity, Mix.fromKnobs(0.3, ""), seed), popularity,
				Knobs.decimal("eventShare", 0.02, 0, 1), Knobs.text("callbackUrl", ""), eventKey, Clock.systemUTC(),
				seed + 1L);
		Schedule arrivals = Schedule.open()
				.ramp("ramp-up", 1, rate, Knobs.integer("ramp", 5, 1, 3600))
				.constant("steady", rate, Knobs.integer("duration", 60, 1, 86_400));
		launch(arrivals, Playback.callOrEvent(traffic), new Limits(1.0, 250, 500));
	}
}
