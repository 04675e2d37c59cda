package dev.playgate.loadtest;

/**
 * Viewers asking for play URLs of a Zipf-popular catalogue, with several {@code authTimeout} values and format
 * spellings, against gateways in {@code playgate.play-info.mode=local-sign} ({@code loadtest/run --local-sign}
 * starts them so, with the emulator's CDN key). Each viewer gets URLs signed for it; VOD should see about one
 * GetPlayInfo per video's catalogue, whatever the viewers, validities and spellings: the summary's
 * "client requests per upstream call" is the figure to read, and {@code X-Cache} shows {@code SIGNED} for answers
 * signed from a cached catalogue.
 *
 * <p>Knobs: {@code rate} (req/s, default 200), {@code duration} (s, 60), {@code ramp} (s, 5), {@code catalog}
 * (videos, 2000), {@code zipf} (1.0), {@code seed}, {@code playInfoQuery} (variants separated by {@code |}, default
 * four authTimeout and format spellings), plus the common ones.
 */
public class LocalSignViewers extends PlaygateSimulation {

	private static final String VIEWER_QUERIES = "authTimeout=1800|authTimeout=3600&formats=mp4"
			+ "|authTimeout=7200&formats=MP4,m3u8|formats=m3u8,mp4";

	{
		double rate = Knobs.decimal("rate", 200, 1, 100_000);
		Mix viewers = new Mix(1.0, 0, "", Knobs.text("playInfoQuery", VIEWER_QUERIES));
		Traffic traffic = Traffic.of(Traffic.zipf(Knobs.integer("catalog", 2_000, 1, 10_000_000),
				Knobs.decimal("zipf", 1.0, 0, 5)), viewers, Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open()
				.ramp("ramp-up", 1, rate, Knobs.integer("ramp", 5, 1, 3600))
				.constant("steady", rate, Knobs.integer("duration", 60, 1, 86_400));
		launch(arrivals, Playback.call(traffic), new Limits(1.0, 250, 500));
	}
}
