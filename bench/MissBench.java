import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;

/**
 * The latency a cache miss adds over the upstream call's own: one request at a time, a fresh video id each, rotating
 * between calling the emulator directly with the real SDK (GetVideoPlayAuth, as the gateway asks it), a miss on the
 * gateway without Redis and a miss on the gateway with Redis. Prints key=value lines: per round the three p50s and the
 * two added p50s, then the pooled percentiles. Run by bench/miss with the gateway's classpath:
 * {@code java -cp CP bench/MissBench.java EMULATOR-PORT GATEWAY-PORT REDIS-GATEWAY-PORT ROUNDS SECONDS WARMUP-SECONDS}
 */
public final class MissBench {

	private static final String[] KINDS = { "direct", "gateway", "gateway_redis" };

	private final int emulator;
	private final int[] gateways;
	private final DefaultAcsClient sdk;
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();
	private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
	private long sequence;
	private int notMisses;

	private MissBench(int emulator, int gateway, int redisGateway) {
		this.emulator = emulator;
		this.gateways = new int[] { gateway, redisGateway };
		this.sdk = new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", "testAk", "testSecret"));
	}

	public static void main(String[] args) throws Exception {
		MissBench bench = new MissBench(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
		int rounds = Integer.parseInt(args[3]);
		long seconds = Long.parseLong(args[4]);
		bench.round(Long.parseLong(args[5]));
		List<List<Double>> all = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (int r = 1; r <= rounds; r++) {
			List<List<Double>> round = bench.round(seconds);
			double[] p50 = new double[3];
			for (int k = 0; k < 3; k++) {
				all.get(k).addAll(round.get(k));
				p50[k] = percentile(round.get(k), 50);
			}
			System.out.printf("round%d_samples=%d%n", r, round.get(0).size());
			for (int k = 0; k < 3; k++) {
				System.out.printf("round%d_%s_p50=%.3f%n", r, KINDS[k], p50[k]);
			}
			System.out.printf("round%d_added_p50=%.3f%nround%d_added_redis_p50=%.3f%n", r, p50[1] - p50[0], r,
					p50[2] - p50[0]);
		}
		for (int k = 0; k < 3; k++) {
			List<Double> samples = all.get(k);
			System.out.printf("%s_p50=%.3f%n%s_p90=%.3f%n%s_p99=%.3f%n", KINDS[k], percentile(samples, 50), KINDS[k],
					percentile(samples, 90), KINDS[k], percentile(samples, 99));
		}
		System.out.printf("samples=%d%nnot_misses=%d%n", all.get(0).size(), bench.notMisses);
	}

	/** Requests for the given seconds, the three kinds in turn; the milliseconds of each, by kind. */
	private List<List<Double>> round(long seconds) throws Exception {
		List<List<Double>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		while (System.nanoTime() < end) {
			for (int k = 0; k < 3; k++) {
				samples.get(k).add(k == 0 ? direct() : miss(gateways[k - 1]));
			}
		}
		return samples;
	}

	private double direct() throws Exception {
		GetVideoPlayAuthRequest request = new GetVideoPlayAuthRequest();
		request.setSysEndpoint("127.0.0.1:" + emulator);
		request.setSysProtocol(ProtocolType.HTTP);
		request.setVideoId(fresh());
		request.setAuthInfoTimeout(3000L);
		long start = System.nanoTime();
		sdk.getAcsResponse(request);
		return (System.nanoTime() - start) / 1e6;
	}

	private double miss(int port) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/videos/" + fresh()
				+ "/play-auth")).timeout(Duration.ofSeconds(30)).build();
		long start = System.nanoTime();
		HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		double millis = (System.nanoTime() - start) / 1e6;
		if (response.statusCode() != 200 || !"MISS".equals(response.headers().firstValue("X-Cache").orElse(""))) {
			notMisses++;
		}
		return millis;
	}

	/** A video id no request of this run asked before: 32 letters and digits. */
	private String fresh() {
		String prefix = "miss" + run;
		String number = Long.toString(++sequence, 36);
		return prefix + "0".repeat(32 - prefix.length() - number.length()) + number;
	}

	private static double percentile(List<Double> samples, double p) {
		double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
	}
}
