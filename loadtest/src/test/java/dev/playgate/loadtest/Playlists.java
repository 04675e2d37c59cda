package dev.playgate.loadtest;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * An endless stream of playlist openings, one {@code POST /v1/play-auth/batch} per virtual user: which playlist is
 * opened is drawn by {@code playlists} (Zipf: a few playlists are everywhere), and each playlist always holds the same
 * {@code size} distinct videos, drawn once from the catalogue by {@code videos} with a seed derived from the playlist
 * number, so popular videos appear in many playlists, as on a real home page. Polled from one actor; never runs dry.
 */
final class Playlists implements Iterator<Map<String, Object>> {

	/** The batch endpoint's limit of ids per request. */
	static final int MAX_SIZE = 100;

	private final Traffic.Ranks playlists;
	private final Traffic.Ranks videos;
	private final int size;
	private final long seed;
	private final SplittableRandom random;

	private Playlists(Traffic.Ranks playlists, Traffic.Ranks videos, int size, long seed) {
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("playlistSize must be 1.." + MAX_SIZE + ": " + size);
		}
		this.playlists = playlists;
		this.videos = videos;
		this.size = size;
		this.seed = seed;
		this.random = new SplittableRandom(seed);
	}

	/** Playlists drawn by {@code playlists}, each of {@code size} videos drawn by {@code videos}. */
	static Playlists of(Traffic.Ranks playlists, Traffic.Ranks videos, int size, long seed) {
		return new Playlists(playlists, videos, size, seed);
	}

	/** The video ids of playlist {@code number}: the same every time, distinct, in playlist order. */
	Set<String> videosOf(long number) {
		SplittableRandom draw = new SplittableRandom(seed * 31 + number);
		Set<String> ids = new LinkedHashSet<>();
		// a small catalogue may hold fewer distinct videos than asked for; stop after a bounded number of draws
		for (int attempt = 0; ids.size() < size && attempt < size * 50; attempt++) {
			ids.add(VideoIds.playable(videos.next(draw)));
		}
		return ids;
	}

	@Override
	public boolean hasNext() {
		return true;
	}

	@Override
	public Map<String, Object> next() {
		Set<String> ids = videosOf(playlists.next(random));
		String body = ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"videoIds\":[", "]}"));
		return Map.of("op", "batch", "path", "/v1/play-auth/batch", "body", body, "lookups", ids.size(), "expect",
				200);
	}
}
