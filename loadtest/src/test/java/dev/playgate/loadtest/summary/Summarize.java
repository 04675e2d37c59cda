package dev.playgate.loadtest.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns one run directory of {@code loadtest/run} into its summary: prints it, writes {@code summary.json} and
 * {@code summary.md} into the run directory, and exits with the run's exit code (Gatling's, or 3 when every
 * assertion held but VOD saw more than its quota in one second).
 *
 * <p>{@code Summarize --work DIR [--budget N] [--quota N] [--instances N] [--redis TEXT] [--mode local|selftest|
 * external] [--gatling-rc N] [--cores N] [--load-before X] [--pipeline TEXT]}. The directory holds what the run wrote:
 * {@code requests.csv}, {@code client.json}, {@code samples.jsonl} (all from the simulation), {@code stats-before.json}
 * / {@code stats-after.json} (the emulator), {@code prom-before-N.txt} / {@code prom-after-N.txt} (gateway N) and
 * {@code gatling.log} (Maven's and Gatling's console, for the assertion lines).
 */
public final class Summarize {

	private static final Pattern ASSERTION = Pattern.compile("(\\S.*?) : (true|false) \\(actual : (.*)\\)\\s*$");

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private Summarize() {
	}

	/** Runs the summary and exits with the run's exit code (2 for unusable input). */
	public static void main(String[] args) {
		try {
			Map<String, String> options = options(args);
			Path work = Path.of(required(options, "work"));
			RunSummary summary = summarise(work, run(options));
			Files.writeString(work.resolve("summary.json"), JSON.writeValueAsString(summary), StandardCharsets.UTF_8);
			Files.writeString(work.resolve("summary.md"), Report.markdown(summary), StandardCharsets.UTF_8);
			System.out.println(Report.console(summary, work));
			System.exit(summary.exitCode());
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("summary: " + ex.getMessage());
			System.exit(2);
		}
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("options are --name value pairs: " + args[i]);
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	static RunSummary.Run run(Map<String, String> options) {
		String pipeline = options.getOrDefault("pipeline", "");
		return new RunSummary.Run(options.getOrDefault("mode", "local"),
				Integer.parseInt(options.getOrDefault("instances", "1")), options.getOrDefault("redis", "?"),
				Double.parseDouble(options.getOrDefault("budget", "300")),
				Double.parseDouble(options.getOrDefault("quota", "360")),
				Integer.parseInt(options.getOrDefault("gatling-rc", "0")),
				Integer.parseInt(options.getOrDefault("cores", "0")), options.getOrDefault("load-before", "?"),
				pipeline.isBlank() ? null : pipeline);
	}

	/** The summary of the run in {@code work}. */
	static RunSummary summarise(Path work, RunSummary.Run run) throws IOException {
		Path requestsFile = work.resolve("requests.csv");
		if (!Files.exists(requestsFile)) {
			throw new IllegalArgumentException("no requests.csv in " + work + ": the simulation recorded nothing");
		}
		List<Request> requests = Request.read(requestsFile);
		JsonNode client = readJson(work.resolve("client.json"));
		// the injection's start: the first arrival (every schedule starts sending at once), else when the
		// simulation's before() ended; Gatling may take a while between the two on a busy machine
		long runStart = requests.stream().mapToLong(Request::sentAtMs).min()
			.orElse(client != null ? client.path("startedAtEpochMs").asLong() : 0);
		long runEnd = requests.stream().mapToLong(Request::endMs).max().orElse(runStart);
		Map<String, Long> counts = new TreeMap<>();
		Map<String, String> knobs = new TreeMap<>();
		List<Phase> planned = new ArrayList<>();
		if (client != null) {
			client.path("counts").properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
			client.path("knobs").properties().forEach(entry -> knobs.put(entry.getKey(), entry.getValue().asText()));
			client.path("phases").forEach(phase -> planned.add(new Phase(phase.path("name").asText(),
					phase.path("start").asInt(), phase.path("end").asInt(), phase.path("fromRate").asDouble(),
					phase.path("toRate").asDouble(), phase.path("users").asLong())));
		}
		String simulation = client != null ? client.path("simulation").asText("?") : "?";

		JsonNode before = readJson(work.resolve("stats-before.json"));
		JsonNode after = readJson(work.resolve("stats-after.json"));
		EmulatorStats statsBefore = before == null ? EmulatorStats.NONE : EmulatorStats.from(before);
		EmulatorStats statsAfter = after == null ? null : EmulatorStats.from(after);
		Samples samples = Samples.read(work.resolve("samples.jsonl"));
		Map<String, Map<Double, Double>> rates = samples.upstreamRates(runStart);
		double lastSecond = (runEnd - runStart) / 1000.0 + 2;
		Map<String, Double> sampledPeaks = new TreeMap<>();
		rates.forEach((action, series) -> series.entrySet().stream()
			.filter(point -> point.getKey() >= 0 && point.getKey() <= lastSecond)
			.mapToDouble(Map.Entry::getValue)
			.max()
			.ifPresent(peak -> {
				if (peak > 0) {
					sampledPeaks.put(action, RunSummary.round1(peak));
				}
			}));
		RunSummary.Upstream upstream;
		if (statsAfter == null) {
			upstream = new RunSummary.Upstream(Map.of(), null, Map.of(), sampledPeaks, null);
		}
		else {
			Map<String, Long> calls = statsAfter.callsSince(statsBefore);
			Map<String, Long> peaks = new TreeMap<>();
			statsAfter.peaks().forEach((action, peak) -> {
				if (peak > 0) {
					peaks.put(action, peak);
				}
			});
			upstream = new RunSummary.Upstream(calls, calls.values().stream().mapToLong(Long::longValue).sum(), peaks,
					sampledPeaks, statsAfter.throttled() - statsBefore.throttled());
		}

		long ko = RunSummary.count(requests, r -> !r.ok());
		long lookups = requests.stream().mapToLong(Request::lookups).sum();
		Map<String, Long> events = new TreeMap<>();
		counts.forEach((key, n) -> {
			if (key.startsWith("all|event|")) {
				events.put(key.substring("all|event|".length()), n);
			}
		});
		RunSummary.Client clientSide = new RunSummary.Client(requests.size(), requests.size() - ko, ko,
				requests.isEmpty() ? 0 : Math.round(100_000.0 * ko / requests.size()) / 1000.0, lookups,
				RunSummary.round1(RunSummary.throughput(requests)), Latency.of(requests), RunSummary.perCall(requests),
				RunSummary.tally(counts, "status"), RunSummary.tally(counts, "problem"),
				RunSummary.tally(counts, "xcache"), events);

		Map<String, Map<String, Long>> gateways = gatewayGrowth(work);
		List<RunSummary.PhaseResult> phases = RunSummary.phases(planned, requests, runStart, rates);
		Map<String, Long> peakValues = upstream.peakPerSecondByAction().isEmpty() ? Map.of()
				: upstream.peakPerSecondByAction();
		Boolean withinQuota;
		if (statsAfter == null || (peakValues.isEmpty() && sampledPeaks.isEmpty())) {
			withinQuota = null;
		}
		else {
			double peak = peakValues.isEmpty() ? sampledPeaks.values().stream().mapToDouble(Double::doubleValue).max()
				.orElse(0) : peakValues.values().stream().mapToLong(Long::longValue).max().orElse(0);
			// the promise is about the peak; a throttled call with every window under the quota is the emulator's
			// inconsistency, shown as a warning rather than failing the run
			withinQuota = peak <= run.quotaPerSecond();
		}
		boolean passed = run.gatlingExitCode() == 0 && !Boolean.FALSE.equals(withinQuota);
		Double perCall = upstream.calls() == null || upstream.calls() == 0 ? null
				: RunSummary.round1((double) requests.size() / upstream.calls());
		return new RunSummary(simulation, run, knobs, clientSide, gateways.get("playgate_requests_total"),
				gateways.get("playgate_l2_requests_total"), upstream, perCall,
				RunSummary.withoutPlaygate(requests, run.quotaPerSecond(), upstream.calls()), phases,
				RunSummary.knee(phases), samples.cpu(runStart, runEnd), assertions(work.resolve("gatling.log")),
				withinQuota, passed);
	}

	private static Map<String, Map<String, Long>> gatewayGrowth(Path work) throws IOException {
		List<Map<String, Map<String, Long>>> instances = new ArrayList<>();
		try (DirectoryStream<Path> afters = Files.newDirectoryStream(work, "prom-after-*.txt")) {
			for (Path after : afters) {
				Path before = work.resolve(after.getFileName().toString().replace("prom-after-", "prom-before-"));
				instances.add(GatewayCounters.growth(
						Files.exists(before) ? GatewayCounters.parse(Files.readString(before)) : Map.of(),
						GatewayCounters.parse(Files.readString(after))));
			}
		}
		return GatewayCounters.sum(instances);
	}

	/** Gatling's assertion lines ({@code <what> : true|false (actual : <value>)}) in a console log. */
	static List<RunSummary.Assertion> assertions(Path log) throws IOException {
		List<RunSummary.Assertion> found = new ArrayList<>();
		if (Files.exists(log)) {
			// decoded leniently: a console log may hold bytes that are not UTF-8
			for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")) {
				Matcher m = ASSERTION.matcher(line);
				if (m.find()) {
					found.add(new RunSummary.Assertion(m.group(1).replace("[INFO] ", ""), "true".equals(m.group(2)),
							m.group(3)));
				}
			}
		}
		return found;
	}

	private static @Nullable JsonNode readJson(Path file) {
		try {
			return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}
}
