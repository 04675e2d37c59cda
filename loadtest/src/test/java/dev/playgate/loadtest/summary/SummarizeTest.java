package dev.playgate.loadtest.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SummarizeTest {

	private static final long T0 = 1_800_000_000_000L;

	@TempDir
	Path work;

	private void writeRun(long peak) throws IOException {
		StringBuilder csv = new StringBuilder("op,sentAtEpochMs,responseMs,ok,lookups\n");
		for (int i = 0; i < 400; i++) {
			csv.append(i % 4 == 0 ? "play-info" : "play-auth").append(',').append(T0 + i * 10).append(',')
				.append(i == 399 ? 90 : 2).append(',').append(i == 7 ? 0 : 1).append(",1\n");
		}
		Files.writeString(work.resolve("requests.csv"), csv);
		Files.writeString(work.resolve("client.json"), """
				{"simulation": "ZipfCatalog", "startedAtEpochMs": %d, "endedAtEpochMs": %d,
				 "knobs": {"rate": "100"},
				 "phases": [{"name": "steady", "start": 0, "end": 4, "fromRate": 100, "toRate": 100, "users": 400}],
				 "counts": {"play-auth|xcache|HIT": 280, "play-auth|xcache|MISS": 19, "play-info|xcache|MISS": 100,
				            "play-auth|problem|UPSTREAM_BUSY": 1}}
				""".formatted(T0 - 50, T0 + 4_100));
		Files.writeString(work.resolve("stats-before.json"), InputsTest.stats(0, 0, 0, 0));
		Files.writeString(work.resolve("stats-after.json"), InputsTest.stats(19, 81, peak, 0));
		Files.writeString(work.resolve("prom-before-1.txt"), "playgate_requests_total{outcome=\"hit\"} 0\n");
		Files.writeString(work.resolve("prom-after-1.txt"), "playgate_requests_total{outcome=\"hit\"} 280\n");
		Files.writeString(work.resolve("gatling.log"), """
				[INFO] Global: percentage of failed events is less than or equal to 1.0 : true (actual : 0.25)
				Global: 99th percentile of response time is less than 500.0 : true (actual : 4.0)
				""");
	}

	private static RunSummary.Run run(int gatlingRc) {
		return new RunSummary.Run("local", 2, "yes", 300, 360, gatlingRc, 2, "0.5", "local -> upstream");
	}

	@Test
	void summaryOfAGoodRunPassesWithItsRatiosAndComparison() throws IOException {
		writeRun(40);
		RunSummary summary = Summarize.summarise(work, run(0));
		assertThat(summary.simulation()).isEqualTo("ZipfCatalog");
		assertThat(summary.client().requests()).isEqualTo(400);
		assertThat(summary.client().ko()).isEqualTo(1);
		assertThat(summary.client().errorPct()).isEqualTo(0.25);
		assertThat(summary.client().latencyMs().max()).isEqualTo(90);
		assertThat(summary.client().xCache()).containsEntry("play-info", Map.of("MISS", 100L));
		assertThat(summary.upstream().calls()).isEqualTo(100);
		assertThat(summary.requestsPerUpstreamCall()).isEqualTo(4.0);
		assertThat(summary.withoutPlaygate().vodCalls()).isEqualTo(400);
		assertThat(summary.withoutPlaygate().callsSaved()).isEqualTo(300);
		assertThat(summary.gatewayOutcomes()).isEqualTo(Map.of("HIT", 280L));
		assertThat(summary.phases()).singleElement().satisfies(phase -> assertThat(phase.requests()).isEqualTo(400));
		assertThat(summary.assertions()).extracting(RunSummary.Assertion::passed).containsExactly(true, true);
		assertThat(summary.upstreamWithinQuota()).isTrue();
		assertThat(summary.exitCode()).isZero();
		assertThat(Report.console(summary, work)).containsPattern("Client requests per upstream call +4\\.0\n")
			.contains("HIT 280 (70.2%), MISS 119 (29.8%)", "PASSED");
		assertThat(Report.markdown(summary)).contains("# Load run: ZipfCatalog", "| Upstream VOD calls | 100 (");
	}

	@Test
	void batchesCountEveryCredentialTheyAskForAgainstTheUpstreamCalls() throws IOException {
		writeRun(40);
		Files.writeString(work.resolve("requests.csv"), "op,sentAtEpochMs,responseMs,ok,lookups\n"
				+ ("batch," + T0 + ",5,1,20\n").repeat(10));
		RunSummary summary = Summarize.summarise(work, run(0));
		assertThat(summary.client().lookups()).isEqualTo(200);
		assertThat(summary.withoutPlaygate().vodCalls()).isEqualTo(200);
		assertThat(summary.requestsPerUpstreamCall()).isEqualTo(0.1);
		assertThat(Report.console(summary, work)).contains("0.1 (2.0 credentials per upstream call)",
				"(200 credentials asked for)");
	}

	@Test
	void aSecondOverTheQuotaFailsARunWhoseAssertionsHeld() throws IOException {
		writeRun(361);
		RunSummary summary = Summarize.summarise(work, run(0));
		assertThat(summary.upstreamWithinQuota()).isFalse();
		assertThat(summary.exitCode()).isEqualTo(RunSummary.QUOTA_EXCEEDED);
		assertThat(Report.verdict(summary)).contains("more than its 360/s quota");
	}

	@Test
	void gatlingsExitCodeWinsWhenAnAssertionFailed() throws IOException {
		writeRun(361);
		assertThat(Summarize.summarise(work, run(1)).exitCode()).isEqualTo(1);
	}

	@Test
	void withoutAnEmulatorTheUpstreamFiguresAreUnknownNotZero() throws IOException {
		writeRun(40);
		Files.delete(work.resolve("stats-after.json"));
		RunSummary summary = Summarize.summarise(work, run(0));
		assertThat(summary.upstream().calls()).isNull();
		assertThat(summary.requestsPerUpstreamCall()).isNull();
		assertThat(summary.upstreamWithinQuota()).isNull();
		assertThat(summary.passed()).isTrue();
		assertThat(Report.console(summary, work)).containsPattern("Upstream VOD calls +n/a\n");
	}

	@Test
	void aRunThatRecordedNothingIsAnErrorNamingTheFile() {
		assertThatThrownBy(() -> Summarize.summarise(work, run(0))).hasMessageContaining("no requests.csv");
	}

	@Test
	void optionsComeInPairs() {
		assertThat(Summarize.run(Summarize.options(new String[] { "--budget", "250", "--mode", "external" })))
			.satisfies(run -> {
				assertThat(run.budgetPerSecond()).isEqualTo(250);
				assertThat(run.target()).isEqualTo("external");
			});
		assertThatThrownBy(() -> Summarize.options(new String[] { "--budget" })).hasMessageContaining("pairs");
	}
}
