package dev.playgate.emulator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Counts every API call as it is answered: per action and outcome, per video id, the peak calls per second, and
 * the rejected (unauthenticated) calls. Recording is lock-free; {@link #snapshot()} gives an immutable {@link Stats}.
 *
 * <p>Per-video counts are bounded by {@code maxTrackedVideos} distinct ids (ids longer than 64 characters are never
 * tracked); calls for ids beyond that are counted as untracked, so a flood of random ids cannot exhaust memory.
 */
final class Ledger {

	static final List<String> ACTIONS = List.of(PlayAuthAction.NAME, PlayInfoAction.NAME, VideoInfoAction.NAME,
			AppPlayKeyAction.NAME);

	private static final int MAX_TRACKED_ID_LENGTH = 64;

	private final Map<String, ActionLedger> actions = new HashMap<>();
	private final ConcurrentHashMap<String, LongAdder> videos = new ConcurrentHashMap<>();
	private final LongAdder total = new LongAdder();
	private final LongAdder rejected = new LongAdder();
	private final LongAdder unknownActions = new LongAdder();
	private final LongAdder untrackedVideoCalls = new LongAdder();
	private final int maxTrackedVideos;

	Ledger(int maxTrackedVideos) {
		this.maxTrackedVideos = maxTrackedVideos;
		ACTIONS.forEach(action -> actions.put(action, new ActionLedger()));
	}

	static boolean isKnown(String action) {
		return ACTIONS.contains(action);
	}

	void record(String action, @Nullable String videoId, String outcome, boolean rejectedAsUnauthenticated,
			long arrivalMillis) {
		total.increment();
		if (rejectedAsUnauthenticated) {
			rejected.increment();
		}
		ActionLedger ledger = actions.get(action);
		if (ledger == null) {
			unknownActions.increment();
			return;
		}
		ledger.record(outcome, arrivalMillis);
		if (videoId != null) {
			countVideo(videoId);
		}
	}

	/** Folds queued peak-window samples into their windows; called from the maintenance tick. */
	void drain() {
		actions.values().forEach(ledger -> ledger.peak.drain());
	}

	void clear() {
		actions.values().forEach(ActionLedger::clear);
		videos.clear();
		total.reset();
		rejected.reset();
		unknownActions.reset();
		untrackedVideoCalls.reset();
	}

	Stats snapshot() {
		Map<String, Stats.ActionStats> perAction = new LinkedHashMap<>();
		actions.forEach((name, ledger) -> perAction.put(name, ledger.snapshot()));
		Map<String, Long> perVideo = new HashMap<>(videos.size() * 2);
		videos.forEach((id, calls) -> perVideo.put(id, calls.sum()));
		return new Stats(total.sum(), rejected.sum(), unknownActions.sum(), untrackedVideoCalls.sum(), perAction,
				perVideo);
	}

	private void countVideo(String videoId) {
		LongAdder calls = videos.get(videoId);
		if (calls == null) {
			if (videoId.length() > MAX_TRACKED_ID_LENGTH || videos.size() >= maxTrackedVideos) {
				untrackedVideoCalls.increment();
				return;
			}
			calls = videos.computeIfAbsent(videoId, id -> new LongAdder());
		}
		calls.increment();
	}

	/** The counters of one action. */
	private static final class ActionLedger {

		private final LongAdder calls = new LongAdder();
		private final ConcurrentHashMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		private final PeakWindow peak = new PeakWindow();

		void record(String outcome, long arrivalMillis) {
			calls.increment();
			LongAdder counter = outcomes.get(outcome);
			if (counter == null) {
				counter = outcomes.computeIfAbsent(outcome, key -> new LongAdder());
			}
			counter.increment();
			peak.record(arrivalMillis);
		}

		void clear() {
			calls.reset();
			outcomes.clear();
			peak.clear();
		}

		Stats.ActionStats snapshot() {
			long peakPerSecond = peak.peak();
			Map<String, Long> byOutcome = new LinkedHashMap<>();
			outcomes.forEach((outcome, count) -> byOutcome.put(outcome, count.sum()));
			return new Stats.ActionStats(calls.sum(), Map.copyOf(byOutcome), peakPerSecond);
		}
	}
}
