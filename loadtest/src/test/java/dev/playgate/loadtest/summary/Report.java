package dev.playgate.loadtest.summary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** A {@link RunSummary} as a load tester reads it: a table on the console and the same in {@code summary.md}. */
public final class Report {

	private static final List<String> CACHE_ORDER = List.of("HIT", "MISS", "COALESCED", "STALE", "SIGNED");

	private Report() {
	}

	/** One line of the table. */
	record Row(String label, String value) {
	}

	/** The table's lines, in reading order. */
	static List<Row> rows(RunSummary s) {
		RunSummary.Client c = s.client();
		RunSummary.Upstream u = s.upstream();
		RunSummary.WithoutPlaygate w = s.withoutPlaygate();
		Latency lat = c.latencyMs();
		double budget = s.run().budgetPerSecond();
		double quota = s.run().quotaPerSecond();
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("Client requests", number(c.requests()) + " in total, " + decimal(c.requestsPerSecond())
				+ " req/s" + (c.lookups() != c.requests() ? " (" + number(c.lookups()) + " credentials asked for)"
						: "")));
		rows.add(new Row("Latency (ms)", "p50 " + number(lat.p50()) + " | p95 " + number(lat.p95()) + " | p99 "
				+ number(lat.p99()) + " | p99.9 " + number(lat.p999()) + " | max " + number(lat.max())));
		rows.add(new Row("Errors", number(c.ko()) + " of " + number(c.requests())
				+ String.format(Locale.ROOT, " (%.2f%%)", c.errorPct())));
		rows.add(new Row("X-Cache mix (clients saw)", mix(merged(c.xCache()))));
		if (s.gatewayOutcomes() != null) {
			rows.add(new Row("Outcomes (gateway metrics)", mix(s.gatewayOutcomes())));
		}
		if (s.sharedTier() != null) {
			rows.add(new Row("Shared tier (Redis L2) lookups", mix(s.sharedTier())));
		}
		Map<String, Long> problems = merged(c.problems());
		if (!problems.isEmpty()) {
			rows.add(new Row("Problem codes answered", problems.entrySet().stream()
				.map(e -> e.getKey() + " " + number(e.getValue())).collect(Collectors.joining(", "))));
		}
		rows.add(new Row("Upstream VOD calls", u.calls() == null ? "n/a" : number(u.calls()) + " ("
				+ u.callsByAction().entrySet().stream().map(e -> e.getKey() + " " + number(e.getValue()))
					.collect(Collectors.joining(", ")) + ")"));
		Map<String, Double> peaks = new TreeMap<>();
		if (!u.peakPerSecondByAction().isEmpty()) {
			u.peakPerSecondByAction().forEach((action, n) -> peaks.put(action, n.doubleValue()));
		}
		else {
			peaks.putAll(u.sampledPeakPerSecondByAction());
		}
		double peakMax = peaks.values().stream().mapToDouble(Double::doubleValue).max().orElse(-1);
		rows.add(new Row("Peak upstream calls/s", (peaks.isEmpty() ? "n/a" : peaks.entrySet().stream()
			.map(e -> e.getKey() + " " + number(e.getValue()) + "/s").collect(Collectors.joining(", ")))
				+ "; budget " + number(budget) + "/s per API, VOD quota " + number(quota) + "/s"
				+ (peakMax < 0 ? "" : peakMax > quota ? " -> OVER the VOD quota"
						: peakMax > budget ? " -> over budget, under the quota" : " -> within budget")));
		rows.add(new Row("Upstream calls throttled by VOD", number(u.throttled())
				+ (u.throttled() != null && u.throttled() > 0 && Boolean.TRUE.equals(s.upstreamWithinQuota())
						? " (warning: although no one-second window exceeded the quota)" : "")));
		String perCall = s.requestsPerUpstreamCall() == null ? "n/a" : decimal(s.requestsPerUpstreamCall());
		if (s.requestsPerUpstreamCall() != null && c.lookups() != c.requests() && u.calls() != null) {
			perCall += " (" + decimal((double) c.lookups() / u.calls()) + " credentials per upstream call)";
		}
		rows.add(new Row("Client requests per upstream call", perCall));
		String direct = w.byAction().entrySet().stream()
			.map(e -> e.getKey() + " " + number(e.getValue().peakPerSecond()) + "/s")
			.collect(Collectors.joining(", "));
		long secondsOver = w.byAction().values().stream().mapToLong(RunSummary.DirectCalls::secondsOverQuota).max()
			.orElse(0);
		long callsOver = w.byAction().values().stream().mapToLong(RunSummary.DirectCalls::callsOverQuota).sum();
		rows.add(new Row("Without playgate (1 lookup = 1 VOD call)", number(w.vodCalls()) + " VOD calls, peak " + direct
				+ "; " + (w.wouldExceedQuota() ? "WOULD EXCEED the " + number(quota) + "/s quota in "
						+ number(secondsOver) + " s (~" + number(callsOver) + " calls throttled)"
						: "within the " + number(quota) + "/s quota")));
		rows.add(new Row("Upstream calls saved by playgate", w.callsSaved() == null || w.vodCalls() == 0 ? "n/a"
				: number(w.callsSaved()) + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * w.callsSaved() / w.vodCalls())));
		if (!c.events().isEmpty() || "ExpiryWave".equals(s.simulation())) {
			rows.add(new Row("Handed out with < minValidity left",
					number(c.events().getOrDefault("handed-out-below-minValidity", 0L))
							+ " (checked on every 200 by the client)"));
		}
		if (s.knee() != null) {
			RunSummary.Knee k = s.knee();
			rows.add(new Row("Knee", "highest step held: " + (k.highestHeld() == null ? "none" : k.highestHeld())
					+ "; " + (k.firstFailing() != null ? "first failing: " + k.firstFailing() + ": " + k.why()
							: k.why())));
		}
		if (s.cpu() != null) {
			Samples.CpuUse cpu = s.cpu();
			String parts = cpu.cores().entrySet().stream()
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
				.collect(Collectors.joining(", "));
			rows.add(new Row("CPU used (cores, run average)", parts + String.format(Locale.ROOT,
					"; whole machine %.2f of %d, other processes %.2f (load average %s before the run)",
					cpu.machineBusyCores(), s.run().cores(), cpu.otherProcessesCores(), s.run().loadAverageBefore())));
		}
		rows.add(new Row("Verdict", verdict(s)));
		return rows;
	}

	static String verdict(RunSummary s) {
		if (s.passed()) {
			return "PASSED (all assertions held" + (Boolean.TRUE.equals(s.upstreamWithinQuota())
					? ", VOD never over its quota)" : ")");
		}
		if (s.run().gatlingExitCode() != 0) {
			return "FAILED (Gatling exit code " + s.run().gatlingExitCode() + "; see the assertions)";
		}
		return "FAILED: playgate let VOD see more than its " + number(s.run().quotaPerSecond())
				+ "/s quota in one second";
	}

	/** The console text. */
	public static String console(RunSummary s, Path dir) {
		List<Row> rows = rows(s);
		int width = rows.stream().mapToInt(row -> row.label().length()).max().orElse(0) + 2;
		StringBuilder out = new StringBuilder("\n").append("=".repeat(100)).append('\n');
		out.append("playgate load run: ").append(s.simulation()).append("  |  ").append(s.run().gatewayInstances())
			.append(" gateway instance(s), redis ").append(s.run().redis()).append(", target ")
			.append(s.run().target()).append('\n');
		if (s.run().gatewayPipeline() != null) {
			out.append("gateway pipeline: ").append(s.run().gatewayPipeline()).append('\n');
		}
		out.append("=".repeat(100)).append('\n');
		rows.forEach(row -> out.append(pad(row.label(), width)).append(row.value()).append('\n'));
		if (!s.phases().isEmpty()) {
			out.append("\nPhases:\n").append(phaseTable(s.phases(), false)).append('\n');
		}
		if (!s.assertions().isEmpty()) {
			out.append("\nAssertions:\n");
			s.assertions().forEach(a -> out.append("  [").append(a.passed() ? "ok" : "FAILED").append("] ")
				.append(a.assertion()).append(" (actual ").append(a.actual()).append(")\n"));
		}
		out.append("\nFiles: ").append(dir).append(" (summary.md, summary.json, requests.csv, samples.jsonl, logs)\n");
		return out.append("=".repeat(100)).toString();
	}

	/** The markdown text. */
	public static String markdown(RunSummary s) {
		StringBuilder out = new StringBuilder("# Load run: ").append(s.simulation()).append("\n\n");
		out.append(s.run().gatewayInstances()).append(" gateway instance(s), redis ").append(s.run().redis())
			.append(", target ").append(s.run().target()).append("; upstream budget ")
			.append(number(s.run().budgetPerSecond())).append(" calls/s per API, VOD quota ")
			.append(number(s.run().quotaPerSecond()))
			.append("/s. Latencies in ms, measured by Gatling (open workload model) from the client side.");
		if (s.run().gatewayPipeline() != null) {
			out.append(" Gateway pipeline: `").append(s.run().gatewayPipeline()).append("`.");
		}
		out.append("\n\n| | |\n|---|---|\n");
		rows(s).forEach(row -> out.append("| ").append(row.label()).append(" | ")
			.append(row.value().replace("|", "/")).append(" |\n"));
		if (!s.phases().isEmpty()) {
			out.append("\n## Phases\n\n").append(phaseTable(s.phases(), true)).append('\n');
		}
		if (!s.assertions().isEmpty()) {
			out.append("\n## Assertions\n\n");
			s.assertions().forEach(a -> out.append("- ").append(a.passed() ? "passed: " : "FAILED: ")
				.append(a.assertion()).append(" (actual ").append(a.actual()).append(")\n"));
		}
		out.append("\n## Knobs\n\n").append(s.knobs().isEmpty() ? "(defaults)" : s.knobs().entrySet().stream()
			.map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", "))).append('\n');
		return out.toString();
	}

	static String phaseTable(List<RunSummary.PhaseResult> phases, boolean markdown) {
		List<String> head = List.of("phase", "seconds", "target req/s", "achieved req/s", "p50", "p95", "p99", "max",
				"errors %", "peak upstream/s");
		List<List<String>> body = phases.stream().map(p -> List.of(p.name(), Integer.toString(p.end() - p.start()),
				number(p.targetRate()), decimal(p.achievedRate()), number(p.latencyMs().p50()),
				number(p.latencyMs().p95()), number(p.latencyMs().p99()), number(p.latencyMs().max()),
				String.format(Locale.ROOT, "%.2f", p.errorPct()), number(p.peakUpstreamPerSecond()))).toList();
		if (markdown) {
			StringBuilder out = new StringBuilder("| " + String.join(" | ", head) + " |\n|" + "---|".repeat(head.size()));
			body.forEach(row -> out.append("\n| ").append(String.join(" | ", row)).append(" |"));
			return out.toString();
		}
		int[] widths = new int[head.size()];
		for (int i = 0; i < head.size(); i++) {
			int column = i;
			widths[i] = Math.max(head.get(i).length(), body.stream().mapToInt(row -> row.get(column).length()).max()
				.orElse(0));
		}
		List<List<String>> all = new ArrayList<>();
		all.add(head);
		all.addAll(body);
		return all.stream().map(row -> {
			StringBuilder line = new StringBuilder("  ");
			for (int i = 0; i < row.size(); i++) {
				String cell = row.get(i);
				line.append(i == 0 ? pad(cell, widths[i]) : " ".repeat(widths[i] - cell.length()) + cell).append("  ");
			}
			return line.toString().stripTrailing();
		}).collect(Collectors.joining("\n"));
	}

	/** Counts per value, summed over calls. */
	static Map<String, Long> merged(Map<String, Map<String, Long>> perCall) {
		Map<String, Long> out = new TreeMap<>();
		perCall.values().forEach(values -> values.forEach((k, v) -> out.merge(k, v, Long::sum)));
		return out;
	}

	/** {@code HIT 10 (50.0%), MISS 10 (50.0%)}: the cache values first, in their order, then the rest. */
	static String mix(Map<String, Long> counts) {
		if (counts.isEmpty()) {
			return "n/a";
		}
		long total = Math.max(1, counts.values().stream().mapToLong(Long::longValue).sum());
		List<String> order = new ArrayList<>(CACHE_ORDER.stream().filter(counts::containsKey).toList());
		counts.keySet().stream().filter(k -> !CACHE_ORDER.contains(k)).sorted().forEach(order::add);
		return order.stream().map(k -> String.format(Locale.ROOT, "%s %s (%.1f%%)", k, number(counts.get(k)),
				100.0 * counts.get(k) / total)).collect(Collectors.joining(", "));
	}

	/** A whole number with thousands separators, or {@code n/a}. */
	static String number(@Nullable Number n) {
		return n == null ? "n/a" : String.format(Locale.ROOT, "%,d", Math.round(n.doubleValue()));
	}

	private static String decimal(double n) {
		return String.format(Locale.ROOT, "%,.1f", n);
	}

	private static String pad(String text, int width) {
		return text.length() >= width ? text : text + " ".repeat(width - text.length());
	}
}
