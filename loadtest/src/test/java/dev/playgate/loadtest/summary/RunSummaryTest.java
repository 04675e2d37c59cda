package dev.playgate.loadtest.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RunSummaryTest {

	private static final long T0 = 1_800_000_000_000L;

	private static Request ok(String op, long atMs, long responseMs) {
		return new Request(op, T0 + atMs, responseMs, true, 1);
	}

	@Test
	void percentilesAreExactNearestRank() {
		List<Request> requests = new ArrayList<>();
		for (int ms = 1; ms <= 200; ms++) {
			requests.add(ok("play-auth", ms, ms));
		}
		Latency latency = Latency.of(requests);
		assertThat(latency.p50()).isEqualTo(100);
		assertThat(latency.p95()).isEqualTo(190);
		assertThat(latency.p99()).isEqualTo(198);
		assertThat(latency.p999()).isEqualTo(200);
		assertThat(latency.max()).isEqualTo(200);
		assertThat(latency.mean()).isEqualTo(100.5);
	}

	@Test
	void noRequestsHaveNoLatency() {
		assertThat(Latency.of(List.of()).p99()).isNull();
		assertThat(RunSummary.throughput(List.of())).isZero();
	}

	@Test
	void throughputDividesByTheSpanFromFirstSendToLastAnswer() {
		List<Request> requests = List.of(ok("play-auth", 0, 10), ok("play-auth", 1_000, 10), ok("play-auth", 1_990, 10));
		assertThat(RunSummary.throughput(requests)).isEqualTo(1.5);
	}

	@Test
	void withoutPlaygateEveryLookupIsOneCallOfItsApiCountedPerSecondAgainstTheQuota() {
		List<Request> requests = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			requests.add(new Request("batch", T0 + i, 5, true, 20));
		}
		requests.add(ok("play-info", 10, 5));
		requests.add(ok("play-auth", 1_500, 5));
		RunSummary.WithoutPlaygate direct = RunSummary.withoutPlaygate(requests, 50, 30L);
		assertThat(direct.vodCalls()).isEqualTo(102);
		assertThat(direct.byAction().get("GetVideoPlayAuth"))
			.isEqualTo(new RunSummary.DirectCalls(101, 100, 1, 50));
		assertThat(direct.byAction().get("GetPlayInfo")).isEqualTo(new RunSummary.DirectCalls(1, 1, 0, 0));
		assertThat(direct.callsSaved()).isEqualTo(72);
		assertThat(direct.wouldExceedQuota()).isTrue();
	}

	@Test
	void phasesGetTheirRequestsRatesErrorsAndUpstreamPeak() {
		List<Phase> planned = List.of(new Phase("ramp-up", 0, 2, 1, 3, 4), new Phase("steady", 2, 4, 5, 5, 10));
		List<Request> requests = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			requests.add(ok("play-auth", i * 500, 10));
		}
		for (int i = 0; i < 10; i++) {
			requests.add(new Request("play-auth", T0 + 2_000 + i * 200, 30, i != 0, 1));
		}
		Map<String, Map<Double, Double>> upstream = Map.of("GetVideoPlayAuth", Map.of(1.0, 4.0, 3.0, 9.0),
				"GetPlayInfo", Map.of(3.0, 2.0));
		List<RunSummary.PhaseResult> phases = RunSummary.phases(planned, requests, T0, upstream);
		assertThat(phases).extracting(RunSummary.PhaseResult::name).containsExactly("ramp-up", "steady");
		assertThat(phases.get(0).achievedRate()).isEqualTo(2.0);
		assertThat(phases.get(0).peakUpstreamPerSecond()).isEqualTo(4);
		assertThat(phases.get(1).requests()).isEqualTo(10);
		assertThat(phases.get(1).errorPct()).isEqualTo(10.0);
		assertThat(phases.get(1).peakUpstreamPerSecond()).isEqualTo(11);
		assertThat(phases.get(1).latencyMs().p50()).isEqualTo(30);
	}

	@Test
	void requestsSentLongAfterTheScheduleMakeALateArrivalsPhase() {
		List<Phase> planned = List.of(new Phase("steady", 0, 2, 5, 5, 10));
		List<Request> requests = List.of(ok("play-auth", 0, 1), ok("play-auth", 4_500, 1));
		assertThat(RunSummary.phases(planned, requests, T0, Map.of()))
			.extracting(RunSummary.PhaseResult::name, RunSummary.PhaseResult::requests)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("steady", 1L),
					org.assertj.core.groups.Tuple.tuple("(late arrivals)", 1L));
	}

	private static RunSummary.PhaseResult step(String name, double target, double achieved, double errors,
			long p99) {
		return new RunSummary.PhaseResult(name, 0, 10, target, achieved, 100, errors,
				new Latency(1L, 1L, p99, p99, p99, 1.0), null);
	}

	@Test
	void kneeIsTheLastStepThatHeldItsRateErrorsAndLatency() {
		RunSummary.Knee knee = RunSummary.knee(List.of(step("step 1", 100, 100, 0, 20), step("step 2", 200, 199, 0.5,
				60), step("step 3", 300, 250, 0, 30)));
		assertThat(knee.highestHeld()).isEqualTo("step 2 (200 req/s)");
		assertThat(knee.firstFailing()).isEqualTo("step 3");
		assertThat(knee.why()).contains("achieved 250/s of 300/s");
		assertThat(RunSummary.knee(List.of(step("step 1", 100, 100, 0, 20), step("step 2", 200, 200, 0, 101)))
			.firstFailing()).isEqualTo("step 2");
		assertThat(RunSummary.knee(List.of(step("step 1", 100, 100, 0, 20))).firstFailing()).isNull();
		assertThat(RunSummary.knee(List.of(step("steady", 100, 1, 50, 20)))).isNull();
	}

	@Test
	void tallySplitsTheClientCountsByCallAndKind() {
		Map<String, Long> counts = Map.of("play-auth|xcache|HIT", 7L, "play-auth|status|200", 9L,
				"batch|problem|UPSTREAM_BUSY", 2L, "all|event|handed-out-below-minValidity", 1L);
		assertThat(RunSummary.tally(counts, "xcache")).isEqualTo(Map.of("play-auth", Map.of("HIT", 7L)));
		assertThat(RunSummary.tally(counts, "problem")).isEqualTo(Map.of("batch", Map.of("UPSTREAM_BUSY", 2L)));
		assertThat(RunSummary.tally(counts, "event")).isEmpty();
	}
}
