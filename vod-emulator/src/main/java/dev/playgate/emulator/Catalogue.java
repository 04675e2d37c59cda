package dev.playgate.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The emulator's deterministic video catalogue: every well-formed id exists, with metadata derived from a hash of
 * the id, except ids whose prefix names an outcome.
 *
 * <ul>
 * <li>{@code NOTFOUND...}: the video does not exist ({@code InvalidVideo.NotFound}, 404);</li>
 * <li>{@code NOSTREAM...}: the video exists but has no stream ({@code InvalidVideo.NoneStream}, 404);</li>
 * <li>{@code FORBIDDEN...}: the video is {@code Blocked} ({@code Forbidden.IllegalStatus}, 403);</li>
 * <li>anything not 32 characters of {@code [0-9a-zA-Z]}: does not exist ({@code InvalidVideo.NotFound}).</li>
 * </ul>
 * Every other id has six video streams ({@code m3u8} and {@code mp4} in {@code LD}, {@code SD}, {@code HD}), an
 * older second {@code HD m3u8} transcode (only listed with {@code ResultType=Multiple}), and one {@code mp3 SQ}
 * audio stream.
 */
final class Catalogue {

	static final String NOT_FOUND_PREFIX = "NOTFOUND";
	static final String NO_STREAM_PREFIX = "NOSTREAM";
	static final String FORBIDDEN_PREFIX = "FORBIDDEN";

	private static final long EPOCH_2020 = 1_577_836_800L;
	private static final long FIVE_YEARS = 5L * 365 * 24 * 3600;
	private static final String[] TITLES = { "城市夜景 Night City", "Ocean Waves", "山水之间 Between Mountains",
			"Morning Run", "产品发布会 Launch Event", "Cooking Basics", "Football Highlights",
			"音乐现场 Live Music" };
	private static final HexFormat HEX = HexFormat.of();
	private static final String[][] VIDEO_LADDER = { { "LD", "640", "360", "450" }, { "SD", "848", "480", "800" },
			{ "HD", "1280", "720", "1500" } };

	/** Videos are pure functions of their id; the first {@value #CACHE_SIZE} ids asked for are kept ready. */
	private static final int CACHE_SIZE = 10_000;

	private final ConcurrentHashMap<String, Video> cache = new ConcurrentHashMap<>();
	private final VideoStates states;

	Catalogue() {
		this(new VideoStates());
	}

	/** A catalogue whose videos change as {@code states} says (see {@link VideoStates}). */
	Catalogue(VideoStates states) {
		this.states = states;
	}

	/** Whether the id has VOD's shape: 32 characters of {@code [0-9a-zA-Z]}. */
	static boolean isWellFormed(@Nullable String id) {
		if (id == null || id.length() != 32) {
			return false;
		}
		for (int i = 0; i < 32; i++) {
			char c = id.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
				return false;
			}
		}
		return true;
	}

	/** The video a call names, after VOD's checks: present, existing, and (if {@code playable}) Normal with streams. */
	Video require(RpcRequest request, boolean playable) {
		String id = request.videoId();
		if (id == null || id.isEmpty()) {
			throw new ApiException(ApiError.missing("VideoId"));
		}
		Video video = find(id);
		if (video == null) {
			throw new ApiException(ApiError.videoNotFound());
		}
		if (playable && !"Normal".equals(video.status())) {
			throw new ApiException(ApiError.illegalStatus(video.status()));
		}
		if (playable && video.streams().isEmpty()) {
			throw new ApiException(ApiError.noneStream());
		}
		return video;
	}

	/** The video with this id, or {@code null} when it does not exist. */
	@Nullable
	Video find(@Nullable String id) {
		if (!isWellFormed(id) || id.startsWith(NOT_FOUND_PREFIX) || states.isDeleted(id)) {
			return null;
		}
		Video cached = cache.get(id);
		if (cached != null) {
			return states.apply(cached);
		}
		Video video = create(id, states.hasStreamsAdded(id));
		if (cache.size() < CACHE_SIZE) {
			cache.putIfAbsent(id, video);
		}
		return states.apply(video);
	}

	VideoStates states() {
		return states;
	}

	/** Forgets the ready-made video, so the next lookup makes it again (its streams changed). */
	void refresh(String id) {
		cache.remove(id);
	}

	private static Video create(String id, boolean streamsAdded) {
		SplittableRandom random = new SplittableRandom(seed(id));
		String status = id.startsWith(FORBIDDEN_PREFIX) ? "Blocked" : "Normal";
		int millis = 30_000 + random.nextInt(3_570_000);
		String duration = decimal(millis, 1000);
		long created = EPOCH_2020 + random.nextLong(FIVE_YEARS);
		List<Video.Stream> streams = id.startsWith(NO_STREAM_PREFIX) && !streamsAdded ? List.of()
				: streams(id, random, millis, created);
		long size = (long) (millis / 1000.0 * 4_000_000 / 8);
		return new Video(id, TITLES[random.nextInt(TITLES.length)], duration, status, iso(created), size,
				1_000_000L + random.nextInt(1000), streams);
	}

	private static List<Video.Stream> streams(String id, SplittableRandom random, int durationMillis, long created) {
		List<Video.Stream> streams = new ArrayList<>(8);
		String folder = "/" + hex(random) + "/" + id.toLowerCase(Locale.ROOT).substring(0, 16);
		long transcoded = created + 600;
		streams.add(stream(random, durationMillis, VIDEO_LADDER[2], "m3u8", transcoded - 300, folder + "-hd-v1"));
		for (String[] rung : VIDEO_LADDER) {
			for (String format : new String[] { "m3u8", "mp4" }) {
				String path = folder + "-" + rung[0].toLowerCase(Locale.ROOT);
				streams.add(stream(random, durationMillis, rung, format, transcoded, path));
			}
		}
		streams.add(stream(random, durationMillis, new String[] { "SQ", "0", "0", "128" }, "mp3", transcoded,
				folder + "-sq"));
		return List.copyOf(streams);
	}

	private static Video.Stream stream(SplittableRandom random, int durationMillis, String[] rung, String format,
			long created, String path) {
		double kbps = Integer.parseInt(rung[3]) * (0.9 + random.nextDouble() * 0.2);
		long size = (long) (kbps * 1000 / 8 * durationMillis / 1000.0);
		boolean audio = "mp3".equals(format);
		return new Video.Stream(rung[0], format, audio ? "audio" : "video", Long.parseLong(rung[1]),
				Long.parseLong(rung[2]), decimal(Math.round(kbps * 1000), 1000), size, audio ? "" : "25",
				hex(random), iso(created), path + "." + format);
	}

	private static long seed(String id) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < id.length(); i++) {
			hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
		}
		return hash;
	}

	private static String hex(SplittableRandom random) {
		return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
	}

	/** {@code value / scale} with three decimals, e.g. {@code 734125 / 1000 = "734.125"}. */
	private static String decimal(long value, int scale) {
		long fraction = value % scale;
		return value / scale + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
	}

	static String iso(long epochSeconds) {
		return Instant.ofEpochSecond(epochSeconds).toString();
	}
}
