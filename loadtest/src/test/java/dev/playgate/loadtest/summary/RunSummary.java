package dev.playgate.loadtest.summary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The summary of one load run (written as {@code summary.json}, rendered by {@link Report}).
 *
 * @param simulation              the simulation's name
 * @param run                     how the run was set up
 * @param knobs                   the simulation's knobs in effect
 * @param client                  what the clients saw
 * @param gatewayOutcomes         the gateways' {@code playgate_requests_total} growth, summed over instances
 * @param sharedTier              the gateways' {@code playgate_l2_requests_total} growth (Redis L2 hits and misses)
 * @param upstream                what VOD (the emulator) saw
 * @param requestsPerUpstreamCall client requests per upstream call
 * @param withoutPlaygate         the same traffic sent straight to VOD
 * @param phases                  every phase of the schedule
 * @param knee                    for stepped runs, the highest step held
 * @param cpu                     CPU use over the run
 * @param assertions              Gatling's assertion results
 * @param upstreamWithinQuota     whether no one-second window of an API exceeded the quota ({@code null}: unknown)
 * @param passed                  every assertion held and VOD never saw more than its quota
 */
public record RunSummary(String simulation, Run run, Map<String, String> knobs, Client client,
		@Nullable Map<String, Long> gatewayOutcomes, @Nullable Map<String, Long> sharedTier, Upstream upstream,
		@Nullable Double requestsPerUpstreamCall, WithoutPlaygate withoutPlaygate, List<PhaseResult> phases,
		@Nullable Knee knee, Samples.@Nullable CpuUse cpu, List<Assertion> assertions,
		@Nullable Boolean upstreamWithinQuota, boolean passed) {

	/**
	 * How the run was set up.
	 *
	 * @param target           {@code local}, {@code selftest} or {@code external}
	 * @param gatewayInstances gateways targeted
	 * @param redis            whether they shared a Redis
	 * @param budgetPerSecond  {@code playgate.upstream.permits-per-second}
	 * @param quotaPerSecond   the VOD (emulator) quota per API
	 * @param gatlingExitCode  Gatling's exit code (0, or non-zero when an assertion failed or it crashed)
	 * @param cores            the machine's cores
	 * @param loadAverageBefore the 1-minute load average before the run
	 * @param gatewayPipeline  the pipeline the first gateway logged at start
	 */
	public record Run(String target, int gatewayInstances, String redis, double budgetPerSecond,
			double quotaPerSecond, int gatlingExitCode, int cores, String loadAverageBefore,
			@Nullable String gatewayPipeline) {
	}

	/**
	 * What the clients saw.
	 *
	 * @param requests          requests sent
	 * @param ok                requests whose checks all passed
	 * @param ko                the others
	 * @param errorPct          ko in percent
	 * @param lookups           credentials asked for (a batch asks for one per id)
	 * @param requestsPerSecond requests over the span from the first send to the last answer
	 * @param latencyMs         over every request
	 * @param perCall           requests and latency per call
	 * @param statuses          HTTP statuses per call
	 * @param problems          problem codes per call (batch items included)
	 * @param xCache            {@code X-Cache} values per call
	 * @param events            events the simulation counted (e.g. a credential with too little validity)
	 */
	public record Client(long requests, long ok, long ko, double errorPct, long lookups, double requestsPerSecond,
			Latency latencyMs, Map<String, CallStats> perCall, Map<String, Map<String, Long>> statuses,
			Map<String, Map<String, Long>> problems, Map<String, Map<String, Long>> xCache,
			Map<String, Long> events) {
	}

	/**
	 * One call's share.
	 *
	 * @param requests  requests of this call
	 * @param latencyMs their latency
	 */
	public record CallStats(long requests, Latency latencyMs) {
	}

	/**
	 * What VOD saw.
	 *
	 * @param callsByAction                calls per API during the run
	 * @param calls                        all of them ({@code null}: no emulator to ask)
	 * @param peakPerSecondByAction        the emulator's own peak calls in one second, per API
	 * @param sampledPeakPerSecondByAction the highest once-a-second sampled rate, per API
	 * @param throttled                    calls VOD answered {@code Throttling.User}
	 */
	public record Upstream(Map<String, Long> callsByAction, @Nullable Long calls,
			Map<String, Long> peakPerSecondByAction, Map<String, Double> sampledPeakPerSecondByAction,
			@Nullable Long throttled) {
	}

	/**
	 * The same traffic with every player calling VOD directly: one call per lookup.
	 *
	 * @param vodCalls          calls VOD would have received
	 * @param byAction          per API
	 * @param callsSaved        direct calls minus the calls playgate made
	 * @param wouldExceedQuota  whether some second of some API would have been over the quota
	 */
	public record WithoutPlaygate(long vodCalls, Map<String, DirectCalls> byAction, @Nullable Long callsSaved,
			boolean wouldExceedQuota) {
	}

	/**
	 * Direct calls of one API.
	 *
	 * @param calls            calls
	 * @param peakPerSecond    the most in one second
	 * @param secondsOverQuota seconds with more calls than the quota
	 * @param callsOverQuota   calls beyond the quota in those seconds (roughly what VOD would have throttled)
	 */
	public record DirectCalls(long calls, long peakPerSecond, long secondsOverQuota, long callsOverQuota) {
	}

	/**
	 * One phase's outcome.
	 *
	 * @param name                  the phase
	 * @param start                 first second
	 * @param end                   second after the last
	 * @param targetRate            the rate aimed at
	 * @param achievedRate          requests sent in the phase per second
	 * @param requests              requests sent in the phase
	 * @param errorPct              failed, in percent
	 * @param latencyMs             their latency
	 * @param peakUpstreamPerSecond the highest sampled upstream rate (all APIs) in the phase
	 */
	public record PhaseResult(String name, int start, int end, double targetRate, double achievedRate,
			long requests, double errorPct, Latency latencyMs, @Nullable Long peakUpstreamPerSecond) {
	}

	/**
	 * Where a stepped run stopped holding its rate.
	 *
	 * @param highestHeld  the last step held, with its rate
	 * @param firstFailing the first step not held
	 * @param why          what failed
	 */
	public record Knee(@Nullable String highestHeld, @Nullable String firstFailing, String why) {
	}

	/**
	 * One of Gatling's assertion lines.
	 *
	 * @param assertion what was asserted
	 * @param passed    its verdict
	 * @param actual    the measured value
	 */
	public record Assertion(String assertion, boolean passed, String actual) {
	}

	/** Exit code when every Gatling assertion held but VOD saw more than its quota in some second. */
	public static final int QUOTA_EXCEEDED = 3;

	/** The exit code the one command ends with: Gatling's, or {@link #QUOTA_EXCEEDED}. */
	public int exitCode() {
		if (run.gatlingExitCode() != 0) {
			return run.gatlingExitCode();
		}
		return passed ? 0 : QUOTA_EXCEEDED;
	}

	/** Requests per second over the span from the first send to the last answer. */
	static double throughput(Collection<Request> requests) {
		if (requests.isEmpty()) {
			return 0;
		}
		long first = requests.stream().mapToLong(Request::sentAtMs).min().orElse(0);
		long last = requests.stream().mapToLong(Request::endMs).max().orElse(0);
		double span = (last - first) / 1000.0;
		return span > 0 ? requests.size() / span : requests.size();
	}

	/** The calls the requests would have made straight to VOD, per API, second by second against the quota. */
	static WithoutPlaygate withoutPlaygate(List<Request> requests, double quota, @Nullable Long upstreamCalls) {
		Map<String, Map<Long, Long>> perSecond = new TreeMap<>();
		for (Request request : requests) {
			perSecond.computeIfAbsent(request.action(), absent -> new TreeMap<>())
				.merge(request.sentAtMs() / 1000, (long) request.lookups(), Long::sum);
		}
		Map<String, DirectCalls> byAction = new TreeMap<>();
		perSecond.forEach((action, seconds) -> byAction.put(action,
				new DirectCalls(seconds.values().stream().mapToLong(Long::longValue).sum(),
						seconds.values().stream().mapToLong(Long::longValue).max().orElse(0),
						seconds.values().stream().filter(n -> n > quota).count(),
						seconds.values().stream().mapToLong(n -> (long) Math.max(0, n - quota)).sum())));
		long total = byAction.values().stream().mapToLong(DirectCalls::calls).sum();
		boolean over = byAction.values().stream().anyMatch(direct -> direct.peakPerSecond() > quota);
		return new WithoutPlaygate(total, byAction, upstreamCalls == null ? null : total - upstreamCalls, over);
	}

	/**
	 * Each phase's outcome; requests sent more than a second after the schedule's end (a starved load generator falls
	 * behind) make a phase of their own, {@code (late arrivals)}.
	 */
	static List<PhaseResult> phases(List<Phase> planned, List<Request> requests, long runStartMs,
			Map<String, Map<Double, Double>> upstreamRates) {
		List<Phase> all = new ArrayList<>(planned);
		if (!planned.isEmpty()) {
			int end = planned.get(planned.size() - 1).end();
			long lastSecond = requests.stream().mapToLong(r -> (r.sentAtMs() - runStartMs) / 1000).max().orElse(0) + 1;
			if (lastSecond > end + 1) {
				all.add(new Phase("(late arrivals)", end, (int) lastSecond, 0, 0, 0));
			}
		}
		Map<Double, Double> totals = new TreeMap<>();
		upstreamRates.values().forEach(series -> series.forEach((at, rate) -> totals.merge(at, rate, Double::sum)));
		List<PhaseResult> results = new ArrayList<>();
		for (Phase phase : all) {
			long lo = runStartMs + phase.start() * 1000L;
			long hi = runStartMs + phase.end() * 1000L;
			List<Request> inside = requests.stream().filter(r -> r.sentAtMs() >= lo && r.sentAtMs() < hi).toList();
			int seconds = Math.max(1, phase.end() - phase.start());
			long ko = inside.stream().filter(r -> !r.ok()).count();
			Long peak = totals.entrySet().stream()
				.filter(point -> point.getKey() > phase.start() && point.getKey() <= phase.end() + 0.5)
				.map(point -> Math.round(point.getValue()))
				.max(Long::compare)
				.orElse(null);
			results.add(new PhaseResult(phase.name(), phase.start(), phase.end(), round1(phase.targetRate()),
					round1((double) inside.size() / seconds), inside.size(),
					inside.isEmpty() ? 0 : round2(100.0 * ko / inside.size()), Latency.of(inside), peak));
		}
		return results;
	}

	/**
	 * The knee of a stepped run: the highest {@code step} phase held (rate within 5 % of its target, errors at most
	 * 1 %, p99 at most 4 times the first step's or 100 ms, whichever is more); {@code null} without steps.
	 */
	static @Nullable Knee knee(List<PhaseResult> phases) {
		List<PhaseResult> steps = phases.stream().filter(p -> p.name().startsWith("step")).toList();
		if (steps.isEmpty()) {
			return null;
		}
		Long firstP99 = steps.get(0).latencyMs().p99();
		long base = firstP99 == null || firstP99 == 0 ? 1 : firstP99;
		String held = null;
		for (PhaseResult step : steps) {
			long p99 = step.latencyMs().p99() == null ? 0 : step.latencyMs().p99();
			boolean ok = step.achievedRate() >= 0.95 * step.targetRate() && step.errorPct() <= 1.0
					&& p99 <= Math.max(4 * base, 100);
			if (!ok) {
				return new Knee(held, step.name(), String.format(java.util.Locale.ROOT,
						"achieved %.0f/s of %.0f/s, errors %.2f%%, p99 %d ms (first step p99 %d ms)",
						step.achievedRate(), step.targetRate(), step.errorPct(), p99, base));
			}
			held = String.format(java.util.Locale.ROOT, "%s (%.0f req/s)", step.name(), step.targetRate());
		}
		return new Knee(held, null, "every step held (no knee in this range)");
	}

	/** {@code {op: {value: n}}} of one kind ({@code status}, {@code problem}, {@code xcache}) of the client tally. */
	static Map<String, Map<String, Long>> tally(Map<String, Long> counts, String kind) {
		Map<String, Map<String, Long>> out = new TreeMap<>();
		counts.forEach((key, n) -> {
			String[] parts = key.split("\\|", 3);
			if (parts.length == 3 && parts[1].equals(kind) && !"all".equals(parts[0])) {
				out.computeIfAbsent(parts[0], absent -> new TreeMap<>()).put(parts[2], n);
			}
		});
		return out;
	}

	/** Requests and latency per call. */
	static Map<String, CallStats> perCall(List<Request> requests) {
		Map<String, List<Request>> byOp = requests.stream()
			.collect(Collectors.groupingBy(Request::op, TreeMap::new, Collectors.toList()));
		Map<String, CallStats> out = new LinkedHashMap<>();
		byOp.forEach((op, list) -> out.put(op, new CallStats(list.size(), Latency.of(list))));
		return out;
	}

	static long count(List<Request> requests, Predicate<Request> which) {
		return requests.stream().filter(which).count();
	}

	static double round1(double value) {
		return Math.round(value * 10) / 10.0;
	}

	static double round2(double value) {
		return Math.round(value * 100) / 100.0;
	}
}
