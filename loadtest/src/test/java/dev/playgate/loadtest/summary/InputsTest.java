package dev.playgate.loadtest.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class InputsTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	static String stats(long playAuthCalls, long playInfoCalls, long peak, long throttled) {
		return "{\"totalCalls\":" + (playAuthCalls + playInfoCalls) + ",\"throttled\":" + throttled
				+ ",\"actions\":{\"GetVideoPlayAuth\":{\"calls\":" + playAuthCalls + ",\"throttled\":0,"
				+ "\"peakCallsPerSecond\":" + peak + ",\"outcomes\":{}},\"GetPlayInfo\":{\"calls\":" + playInfoCalls
				+ ",\"throttled\":0,\"peakCallsPerSecond\":1,\"outcomes\":{}}},\"videos\":{\"distinct\":3}}";
	}

	@Test
	void emulatorStatsGiveCallsPeaksAndThrottlingPerApi() throws IOException {
		EmulatorStats before = EmulatorStats.from(JSON.readTree(stats(5, 0, 2, 0)));
		EmulatorStats after = EmulatorStats.from(JSON.readTree(stats(25, 3, 9, 1)));
		assertThat(after.peaks()).containsEntry("GetVideoPlayAuth", 9L);
		assertThat(after.throttled()).isEqualTo(1);
		assertThat(after.callsSince(before)).isEqualTo(Map.of("GetVideoPlayAuth", 20L, "GetPlayInfo", 3L));
		assertThat(EmulatorStats.from(JSON.readTree(stats(0, 0, 0, 0))).callsSince(EmulatorStats.NONE)).isEmpty();
	}

	@Test
	void gatewayCountersSumTheGrowthOfEveryInstancePerOutcome() {
		String before = """
				# HELP playgate_requests_total
				playgate_requests_total{application="playgate",endpoint="play-auth",outcome="hit"} 10.0
				playgate_requests_total{application="playgate",endpoint="play-info",outcome="hit"} 1.0
				""";
		String after = """
				playgate_requests_total{application="playgate",endpoint="play-auth",outcome="hit"} 15.0
				playgate_requests_total{application="playgate",endpoint="play-info",outcome="hit"} 3.0
				playgate_requests_total{application="playgate",endpoint="play-auth",outcome="upstream_busy"} 2.0
				playgate_l2_requests_total{outcome="hit"} 4.0
				playgate_upstream_latency_seconds_count{action="GetPlayInfo"} 9.0
				jvm_threads_live_threads 30.0
				""";
		Map<String, Map<String, Long>> one = GatewayCounters.growth(GatewayCounters.parse(before),
				GatewayCounters.parse(after));
		assertThat(one).isEqualTo(Map.of("playgate_requests_total", Map.of("HIT", 7L, "UPSTREAM_BUSY", 2L),
				"playgate_l2_requests_total", Map.of("HIT", 4L)));
		assertThat(GatewayCounters.sum(List.of(one, one)).get("playgate_requests_total"))
			.isEqualTo(Map.of("HIT", 14L, "UPSTREAM_BUSY", 4L));
	}

	private static JsonNode sample(long t0, long t, String stats, double gatewayCpu, double busy) throws IOException {
		return JSON.readTree("{\"t0\":" + t0 + ",\"t\":" + t + (stats == null ? "" : ",\"stats\":" + stats)
				+ ",\"cpu\":{\"gateway-1\":" + gatewayCpu + "},\"machine\":{\"busy\":" + busy + ",\"total\":0}}");
	}

	@Test
	void samplesGiveUpstreamRatesSkippingLateAndTooCloseSamples() throws IOException {
		long start = 1_000_000;
		Samples samples = Samples.of(List.of(sample(start, start + 10, stats(0, 0, 0, 0), 0, 0),
				sample(start + 1_000, start + 1_010, stats(100, 10, 0, 0), 0, 0),
				// answered 2 s late: its counts are of an unknown instant
				sample(start + 1_500, start + 3_500, stats(500, 10, 0, 0), 0, 0),
				// 100 ms after the one before: too close for a rate
				sample(start + 1_100, start + 1_110, stats(110, 10, 0, 0), 0, 0),
				sample(start + 2_000, start + 2_010, stats(400, 30, 0, 0), 0, 0)));
		Map<String, Map<Double, Double>> rates = samples.upstreamRates(start);
		assertThat(rates.get("GetVideoPlayAuth")).containsExactly(Map.entry(1.01, 100.0), Map.entry(2.01, 300.0));
		assertThat(rates.get("GetPlayInfo")).containsEntry(2.01, 20.0);
	}

	@Test
	void cpuIsCoresPerProcessOverTheRunAndTheRestOfTheMachine() throws IOException {
		Samples samples = Samples.of(List.of(sample(0, 1_000, null, 1.0, 10.0), sample(1_000, 3_000, null, 2.0, 13.0),
				sample(1_000, 5_000, null, 3.0, 16.0)));
		Samples.CpuUse cpu = samples.cpu(1_000, 5_000);
		assertThat(cpu.seconds()).isEqualTo(4.0);
		assertThat(cpu.cores()).containsEntry("gateway-1", 0.5);
		assertThat(cpu.machineBusyCores()).isEqualTo(1.5);
		assertThat(cpu.otherProcessesCores()).isEqualTo(1.0);
		assertThat(samples.cpu(4_000, 4_500)).isNull();
	}

	@Test
	void requestsCsvIsReadAndABadLineNamed() throws IOException {
		Path file = dir.resolve("requests.csv");
		Files.writeString(file, "op,sentAtEpochMs,responseMs,ok,lookups\nbatch,1000,12,1,20\nplay-info,1001,3,0,1\n");
		assertThat(Request.read(file)).containsExactly(new Request("batch", 1000, 12, true, 20),
				new Request("play-info", 1001, 3, false, 1));
		assertThat(Request.read(file).get(0).endMs()).isEqualTo(1012);
		Files.writeString(file, "play-auth,soon,3,1,1\n");
		assertThatThrownBy(() -> Request.read(file)).hasMessageContaining("line 1")
			.hasMessageContaining("play-auth,soon");
	}
}
