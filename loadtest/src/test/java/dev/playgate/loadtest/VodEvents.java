package dev.playgate.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Player traffic with VOD's catalogue events among it: a share of the records are {@code POST /v1/vod/events}
 * callbacks, signed as VOD signs them ({@code X-VOD-SIGNATURE = md5hex("{callback URL}|{timestamp}|{auth key}")}),
 * for a video drawn from the same popularity, so the events purge videos players are watching. Event types rotate
 * through the ones that purge: a transcode finished, base info changed, a review passed.
 */
final class VodEvents implements Iterator<Map<String, Object>> {

	private static final String[] TYPES = {"TranscodeComplete", "MediaBaseChangeComplete", "CreateAuditComplete"};

	private final Traffic players;
	private final Traffic.Ranks ranks;
	private final double eventShare;
	private final String callbackUrl;
	private final String authKey;
	private final Clock clock;
	private final SplittableRandom random;
	private long sent;

	VodEvents(Traffic players, Traffic.Ranks ranks, double eventShare, String callbackUrl, String authKey, Clock clock,
			long seed) {
		this.players = players;
		this.ranks = ranks;
		this.eventShare = eventShare;
		this.callbackUrl = callbackUrl;
		this.authKey = authKey;
		this.clock = clock;
		this.random = new SplittableRandom(seed);
	}

	@Override
	public boolean hasNext() {
		return true;
	}

	@Override
	public Map<String, Object> next() {
		if (random.nextDouble() >= eventShare) {
			return players.next();
		}
		String videoId = VideoIds.playable(ranks.next(random));
		String type = TYPES[(int) (sent++ % TYPES.length)];
		String body = "CreateAuditComplete".equals(type)
				? "{\"EventType\":\"" + type + "\",\"MediaId\":\"" + videoId + "\",\"AuditStatus\":\"Normal\"}"
				: "{\"EventType\":\"" + type + "\",\"VideoId\":\"" + videoId + "\",\"MediaId\":\"" + videoId + "\"}";
		String timestamp = Long.toString(clock.instant().getEpochSecond());
		Map<String, Object> record = new HashMap<>();
		record.put("op", "vod-event");
		record.put("videoId", videoId);
		record.put("path", "/v1/vod/events");
		record.put("body", body);
		record.put("timestamp", timestamp);
		record.put("signature", signature(callbackUrl, timestamp, authKey));
		record.put("lookups", 0);
		record.put("expect", 200);
		return record;
	}

	/** VOD's callback signature: md5 hex of {@code callbackUrl|timestamp|authKey}. */
	static String signature(String callbackUrl, String timestamp, String authKey) {
		try {
			byte[] digest = MessageDigest.getInstance("MD5")
				.digest((callbackUrl + "|" + timestamp + "|" + authKey).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides MD5", ex);
		}
	}
}
