package dev.playgate.loadtest;

/**
 * Players opening playlists: each virtual user sends one {@code POST /v1/play-auth/batch} with the ids of one
 * playlist, so one request asks for {@code playlistSize} PlayAuths. Which playlists are opened follows a Zipf law,
 * and so does which videos a playlist holds; without playgate every id would be one GetVideoPlayAuth call, so even
 * a modest rate of playlists is far over VOD's quota, and the summary shows what the batch endpoint and the cache
 * make of it.
 *
 * <p>Knobs: {@code rate} (playlists/s, default 40), {@code duration} (s, 60), {@code ramp} (s, 5),
 * {@code playlists} (how many distinct playlists, 2000), {@code playlistSize} (ids per request, 1..100, 20),
 * {@code playlistZipf} (exponent of playlist popularity, 1.0), {@code catalog} (videos, 10000), {@code zipf} (video
 * popularity, 1.0), {@code seed}, plus the common ones.
 */
public class PlaylistBatch extends PlaygateSimulation {

	{
		double rate = Knobs.decimal("rate", 40, 1, 10_000);
		int size = Knobs.integer("playlistSize", 20, 1, Playlists.MAX_SIZE);
		Playlists playlists = Playlists.of(
				Traffic.zipf(Knobs.integer("playlists", 2_000, 1, 10_000_000), Knobs.decimal("playlistZipf", 1.0, 0, 5)),
				Traffic.zipf(Knobs.integer("catalog", 10_000, 1, 10_000_000), Knobs.decimal("zipf", 1.0, 0, 5)), size,
				Knobs.integer("seed", 42, 0, Integer.MAX_VALUE));
		Schedule arrivals = Schedule.open()
				.ramp("ramp-up", 1, rate, Knobs.integer("ramp", 5, 1, 3600))
				.constant("steady", rate, Knobs.integer("duration", 60, 1, 86_400));
		launch(arrivals, Playback.batch(playlists), new Limits(1.0, 500, 1_000));
	}
}
