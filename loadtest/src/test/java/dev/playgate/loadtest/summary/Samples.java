package dev.playgate.loadtest.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The once-a-second samples of a run ({@code samples.jsonl}, written by the simulation's sampler): upstream calls per
 * second per API from the emulator's cumulative counts, and CPU use per process.
 */
public final class Samples {

	/** A sample answered later than this after it was asked carries counts of an unknown instant: it is dropped. */
	static final long MAX_ANSWER_MS = 300;

	/** Rates over less than this are mostly noise: closer samples are skipped. */
	static final long MIN_INTERVAL_MS = 500;

	private final List<JsonNode> lines;

	private Samples(List<JsonNode> lines) {
		this.lines = lines;
	}

	/** The samples of a file; unreadable lines (a sample cut short by the end of the run) are skipped. */
	public static Samples read(Path file) throws IOException {
		ObjectMapper json = new ObjectMapper();
		List<JsonNode> lines = new ArrayList<>();
		if (Files.exists(file)) {
			for (String line : Files.readAllLines(file)) {
				try {
					lines.add(json.readTree(line));
				}
				catch (IOException ex) {
					// a partial last line
				}
			}
		}
		return new Samples(lines);
	}

	/** Samples from parsed lines (for tests). */
	static Samples of(List<JsonNode> lines) {
		return new Samples(List.copyOf(lines));
	}

	/**
	 * Upstream calls per second per API: {@code {action: {second since runStartMs: calls/s}}}, each rate over the
	 * interval that ends at that second.
	 */
	public Map<String, Map<Double, Double>> upstreamRates(long runStartMs) {
		List<JsonNode> kept = new ArrayList<>();
		for (JsonNode sample : lines) {
			boolean prompt = sample.path("t").asLong() - sample.path("t0").asLong(sample.path("t").asLong())
					<= MAX_ANSWER_MS;
			if (sample.has("stats") && prompt && (kept.isEmpty()
					|| sample.path("t").asLong() - kept.get(kept.size() - 1).path("t").asLong() >= MIN_INTERVAL_MS)) {
				kept.add(sample);
			}
		}
		Map<String, Map<Double, Double>> series = new TreeMap<>();
		for (int i = 1; i < kept.size(); i++) {
			EmulatorStats from = EmulatorStats.from(kept.get(i - 1).path("stats"));
			EmulatorStats to = EmulatorStats.from(kept.get(i).path("stats"));
			double seconds = (kept.get(i).path("t").asLong() - kept.get(i - 1).path("t").asLong()) / 1000.0;
			double at = (kept.get(i).path("t").asLong() - runStartMs) / 1000.0;
			for (String action : to.calls().keySet()) {
				double rate = Math.max(0, (to.calls().get(action) - from.calls().getOrDefault(action, 0L)) / seconds);
				series.computeIfAbsent(action, absent -> new TreeMap<>()).put(at, rate);
			}
		}
		return series;
	}

	/**
	 * Average CPU use over [fromMs, toMs + 1 s] in cores: per labelled process, the whole machine's, and the rest
	 * (everyone else on the machine); {@code null} with fewer than two samples in the window.
	 */
	public @Nullable CpuUse cpu(long fromMs, long toMs) {
		List<JsonNode> inside = lines.stream()
			.filter(sample -> sample.has("cpu") && sample.path("t").asLong() >= fromMs
					&& sample.path("t").asLong() <= toMs + 1000)
			.toList();
		if (inside.size() < 2) {
			return null;
		}
		JsonNode first = inside.get(0);
		JsonNode last = inside.get(inside.size() - 1);
		double wall = (last.path("t").asLong() - first.path("t").asLong()) / 1000.0;
		if (wall <= 0) {
			return null;
		}
		Map<String, Double> cores = new TreeMap<>();
		last.path("cpu").properties().forEach(entry -> cores.put(entry.getKey(),
				round((entry.getValue().asDouble() - first.path("cpu").path(entry.getKey()).asDouble()) / wall)));
		double busy = round((last.path("machine").path("busy").asDouble()
				- first.path("machine").path("busy").asDouble()) / wall);
		double ours = cores.values().stream().mapToDouble(Double::doubleValue).sum();
		return new CpuUse(round(wall), cores, busy, round(Math.max(0, busy - ours)));
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * CPU use over the run.
	 *
	 * @param seconds             the sampled window
	 * @param cores               cores used per labelled process (descendants included)
	 * @param machineBusyCores    the whole machine's busy cores
	 * @param otherProcessesCores busy cores not used by the labelled processes
	 */
	public record CpuUse(double seconds, Map<String, Double> cores, double machineBusyCores,
			double otherProcessesCores) {
	}
}
