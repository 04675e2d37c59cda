package dev.playgate.emulator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * An immutable snapshot of what the emulator has been asked since it started or was last reset.
 *
 * <p>A "call" is one API request that reached the emulator, whatever its outcome: answered, refused as
 * unauthenticated, throttled, failed by an injected fault, or hung. Outcomes are {@code "OK"} or the VOD error code
 * answered (e.g. {@code "Throttling.User"}, {@code "InvalidVideo.NotFound"}, {@code "SignatureDoesNotMatch"}), and
 * {@code "Hang"} for calls held by the hang fault.
 */
public final class Stats {

	private final long totalCalls;
	private final long rejected;
	private final long unknownActionCalls;
	private final long untrackedVideoCalls;
	private final Map<String, ActionStats> actions;
	private final Map<String, Long> videos;

	Stats(long totalCalls, long rejected, long unknownActionCalls, long untrackedVideoCalls,
			Map<String, ActionStats> actions, Map<String, Long> videos) {
		this.totalCalls = totalCalls;
		this.rejected = rejected;
		this.unknownActionCalls = unknownActionCalls;
		this.untrackedVideoCalls = untrackedVideoCalls;
		this.actions = Map.copyOf(actions);
		this.videos = Map.copyOf(videos);
	}

	/** Every API call, of any action (known or not) and any outcome. */
	public long totalCalls() {
		return totalCalls;
	}

	/** The calls of one action (e.g. {@code "GetPlayInfo"}), of any outcome. */
	public long calls(String action) {
		ActionStats stats = actions.get(action);
		return stats == null ? 0 : stats.calls();
	}

	/** The calls of one action that ended with one outcome ({@code "OK"} or an error code). */
	public long calls(String action, String outcome) {
		return outcomes(action).getOrDefault(outcome, 0L);
	}

	/** The calls of one action by outcome. */
	public Map<String, Long> outcomes(String action) {
		ActionStats stats = actions.get(action);
		return stats == null ? Map.of() : stats.outcomes();
	}

	/** The most calls of one action, of any outcome, in any one-second window of the emulator's clock (ms exact). */
	public long peakCallsPerSecond(String action) {
		ActionStats stats = actions.get(action);
		return stats == null ? 0 : stats.peakCallsPerSecond();
	}

	/** The calls of one action refused by the quota ({@code Throttling.User}). */
	public long throttled(String action) {
		return calls(action, ApiError.THROTTLING_USER);
	}

	/** The calls of every action refused by the quota. */
	public long throttled() {
		return actions.keySet().stream().mapToLong(this::throttled).sum();
	}

	/** The calls refused as unauthenticated: unknown AccessKey, bad signature, expired timestamp, replayed nonce... */
	public long rejected() {
		return rejected;
	}

	/** The calls, of every action and outcome, that named this video id. */
	public long callsForVideo(String videoId) {
		return videos.getOrDefault(videoId, 0L);
	}

	/** The number of distinct video ids named by calls (up to the tracking bound). */
	public long distinctVideos() {
		return videos.size();
	}

	/** The video ids named most often, most first (ties by id), at most {@code limit} of them. */
	public List<Map.Entry<String, Long>> topVideos(int limit) {
		Comparator<Map.Entry<String, Long>> order = Comparator
				.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
				.thenComparing(Map.Entry::getKey);
		PriorityQueue<Map.Entry<String, Long>> top = new PriorityQueue<>(Math.max(1, limit), order.reversed());
		for (Map.Entry<String, Long> entry : videos.entrySet()) {
			top.add(entry);
			if (top.size() > limit) {
				top.poll();
			}
		}
		return top.stream().sorted(order).toList();
	}

	/** Calls that named a video id beyond the tracking bound (so not in {@link #callsForVideo(String)}). */
	public long untrackedVideoCalls() {
		return untrackedVideoCalls;
	}

	/** Calls whose Action the emulator does not implement ({@code InvalidApi.NotFound}). */
	public long unknownActionCalls() {
		return unknownActionCalls;
	}

	/** The actions the emulator implements and counts. */
	public Set<String> actions() {
		return actions.keySet();
	}

	/** This snapshot as the JSON document of {@code GET /__admin/stats}, listing at most {@code topVideos} ids. */
	public String toJson(int topVideos) {
		JsonWriter json = new JsonWriter(1024).beginObject()
				.field("totalCalls", totalCalls)
				.field("rejected", rejected)
				.field("throttled", throttled())
				.field("unknownActionCalls", unknownActionCalls)
				.beginObject("actions");
		for (String action : Ledger.ACTIONS) {
			ActionStats stats = actions.get(action);
			json.beginObject(action)
					.field("calls", stats.calls())
					.field("throttled", throttled(action))
					.field("peakCallsPerSecond", stats.peakCallsPerSecond())
					.beginObject("outcomes");
			stats.outcomes().entrySet().stream().sorted(Map.Entry.comparingByKey())
					.forEach(outcome -> json.field(outcome.getKey(), outcome.getValue()));
			json.endObject().endObject();
		}
		json.endObject().beginObject("videos")
				.field("distinct", distinctVideos())
				.field("untrackedCalls", untrackedVideoCalls)
				.beginArray("top");
		topVideos(topVideos).forEach(entry -> json.beginObject().field("videoId", entry.getKey())
				.field("calls", entry.getValue()).endObject());
		return json.endArray().endObject().endObject().toString();
	}

	@Override
	public String toString() {
		return toJson(10);
	}

	/**
	 * The counters of one action.
	 *
	 * @param calls calls of any outcome
	 * @param outcomes calls by outcome
	 * @param peakCallsPerSecond the most calls in any one-second window
	 */
	record ActionStats(long calls, Map<String, Long> outcomes, long peakCallsPerSecond) {
	}
}
