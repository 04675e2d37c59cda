package dev.playgate.loadtest.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the VOD emulator's {@code GET /__admin/stats} says, per API: calls received (throttled ones included), the
 * most calls in any one-second window since its last reset, and calls it answered {@code Throttling.User}.
 *
 * @param calls     calls per API
 * @param peaks     peak calls in one second, per API
 * @param throttled throttled calls, all APIs
 */
public record EmulatorStats(Map<String, Long> calls, Map<String, Long> peaks, long throttled) {

	/** No statistics (no emulator to ask). */
	public static final EmulatorStats NONE = new EmulatorStats(Map.of(), Map.of(), 0);

	/** Reads the JSON document of {@code /__admin/stats}. */
	public static EmulatorStats from(JsonNode stats) {
		Map<String, Long> calls = new TreeMap<>();
		Map<String, Long> peaks = new TreeMap<>();
		stats.path("actions").properties().forEach(action -> {
			calls.put(action.getKey(), action.getValue().path("calls").asLong());
			peaks.put(action.getKey(), action.getValue().path("peakCallsPerSecond").asLong());
		});
		return new EmulatorStats(Map.copyOf(calls), Map.copyOf(peaks), stats.path("throttled").asLong());
	}

	/** The calls per API made between {@code before} and this snapshot; APIs without calls are left out. */
	public Map<String, Long> callsSince(EmulatorStats before) {
		Map<String, Long> made = new TreeMap<>();
		calls.forEach((action, n) -> {
			long delta = n - before.calls().getOrDefault(action, 0L);
			if (delta > 0) {
				made.put(action, delta);
			}
		});
		return made;
	}
}
