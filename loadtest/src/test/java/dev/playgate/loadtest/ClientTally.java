package dev.playgate.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the clients saw that Gatling's own log does not keep: status codes, the {@code X-Cache} header, the
 * problem {@code code} of errors, per call. Written as {@code client.json} into {@code -Dplaygate.out} after the run,
 * with the run's knobs and phases, for {@code loadtest/run}'s summary.
 */
final class ClientTally {

	private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

	private ClientTally() {
	}

	/** Counts one response status of this call and passes the status on. */
	static Integer status(String op, Integer status) {
		count(op + "|status|" + status);
		return status;
	}

	/**
	 * Counts one {@code X-Cache} value of this call and passes it on; {@code null} (no such header, as on an error)
	 * counts nothing. Gatling hands an absent value to a transformation as {@code null}.
	 */
	static @Nullable String cache(String op, @Nullable String value) {
		if (value != null) {
			count(op + "|xcache|" + value.trim().toUpperCase(Locale.ROOT));
		}
		return value;
	}

	/** Counts one problem {@code code} of this call and passes it on; {@code null} (no code) counts nothing. */
	static @Nullable String problem(String op, @Nullable String code) {
		if (code != null) {
			count(op + "|problem|" + code);
		}
		return code;
	}

	/**
	 * Counts the problem code of every item of a batch answer that is not a credential, and passes them on;
	 * {@code null} (every item is a credential: Gatling hands an absent optional value over as {@code null}) counts
	 * nothing.
	 */
	static @Nullable List<String> itemProblems(String op, @Nullable List<String> codes) {
		if (codes != null) {
			codes.forEach(code -> count(op + "|problem|" + code));
		}
		return codes;
	}

	/** Counts one event with no call attached, e.g. a credential handed out with too little validity left. */
	static void event(String name) {
		count("all|event|" + name);
	}

	private static void count(String key) {
		COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
	}

	/** Forgets every count (a new simulation starts). */
	static void reset() {
		COUNTS.clear();
	}

	/** Writes the tally with the run's description to {@code dir/client.json}. */
	static void write(Path dir, String simulation, Map<String, String> knobs, List<Schedule.Phase> phases,
			long startedAtMs, long endedAtMs) throws IOException {
		Files.createDirectories(dir);
		String json = "{\n  \"simulation\": " + quote(simulation)
				+ ",\n  \"startedAtEpochMs\": " + startedAtMs + ",\n  \"endedAtEpochMs\": " + endedAtMs
				+ ",\n  \"knobs\": " + object(knobs)
				+ ",\n  \"phases\": [" + phases.stream().map(ClientTally::phase).collect(Collectors.joining(", "))
				+ "],\n  \"counts\": " + object(counts()) + "\n}\n";
		Files.writeString(dir.resolve("client.json"), json, StandardCharsets.UTF_8);
	}

	private static Map<String, String> counts() {
		Map<String, String> sorted = new TreeMap<>();
		COUNTS.forEach((key, adder) -> sorted.put(key, Long.toString(adder.sum())));
		return sorted;
	}

	private static String phase(Schedule.Phase p) {
		return "{\"name\": " + quote(p.name()) + ", \"start\": " + p.start() + ", \"end\": " + p.end()
				+ ", \"fromRate\": " + p.fromRate() + ", \"toRate\": " + p.toRate() + ", \"users\": " + p.users() + "}";
	}

	private static String object(Map<String, String> map) {
		return map.entrySet().stream().map(e -> quote(e.getKey()) + ": " + asJson(e.getValue()))
				.collect(Collectors.joining(", ", "{", "}"));
	}

	private static String asJson(String value) {
		return value.matches("-?\\d+(\\.\\d+)?") ? value : quote(value);
	}

	private static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}
}
