import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;

/**
 * The latency a cache miss adds over the upstream call's own: one request at a time, a fresh video id each, rotating
 * between calling the emulator directly with the real SDK (GetVideoPlayAuth, as the SDK asks it), a miss on the
 * gateway without Redis and a miss on the gateway with Redis; after each miss the same id is asked again, an L1 hit
 * timed apart, so the document can show how much of what a miss adds is the HTTP exchange itself. Prints key=value lines: per round the three p50s and the
 * two added p50s, then the pooled percentiles. Run by bench/miss with the gateway's classpath:
 * {@code java -cp CP bench/MissBench.java EMULATOR-PORT GATEWAY-PORT REDIS-GATEWAY-PORT ROUNDS SECONDS WARMUP-SECONDS}
 *
 * <p>
 * The gateways are asked the way the SDK asks VOD in the baseline: a blocking HTTP/1.1 exchange on a kept-alive socket,
 * in the calling thread. (With {@code java.net.http.HttpClient}, whose answers reach the caller through its selector
 * thread and a future, the client's own hand-offs were counted as the gateway's: 2.2 to 2.7 ms per request on this
 * machine at a load average of 5 to 14, both clients asking the same gateway for misses in one run.)
 */
public final class MissBench {

	private static final String[] KINDS = { "direct", "gateway", "gateway_redis" };

	/** The same id asked again right after each miss: an L1 hit, the HTTP exchange a miss costs too. */
	private static final String[] HITS = { "gateway_hit", "gateway_redis_hit" };

	/** One request at a time, unrecorded, between the warm-up and the first round. */
	private static final long SETTLE_SECONDS = 5;

	private final int emulator;
	private final int[] gateways;
	private final DefaultAcsClient sdk;
	private final Connection[] connections = new Connection[2];
	private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
	private final List<List<Double>> hits = List.of(new ArrayList<>(), new ArrayList<>());
	private long sequence;
	private int notMisses;
	private int notHits;

	private MissBench(int emulator, int gateway, int redisGateway) {
		this.emulator = emulator;
		this.gateways = new int[] { gateway, redisGateway };
		this.sdk = new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", "testAk", "testSecret"));
	}

	public static void main(String[] args) throws Exception {
		MissBench bench = new MissBench(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
		int rounds = Integer.parseInt(args[3]);
		long seconds = Long.parseLong(args[4]);
		System.out.printf("warm_up_misses=%d%n", warmUp(args, Long.parseLong(args[5]), Integer.parseInt(args[6])));
		bench.round(SETTLE_SECONDS);
		List<List<Double>> all = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		bench.hits.forEach(List::clear);
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
		for (int k = 0; k < 2; k++) {
			List<Double> samples = bench.hits.get(k);
			System.out.printf("%s_p50=%.3f%n%s_p90=%.3f%n%s_p99=%.3f%n", HITS[k], percentile(samples, 50), HITS[k],
					percentile(samples, 90), HITS[k], percentile(samples, 99));
		}
		System.out.printf("samples=%d%nnot_misses=%d%nnot_hits=%d%n", all.get(0).size(), bench.notMisses,
				bench.notHits);
	}

	/**
	 * {@code threads} benches at once for the given seconds, each with its own ids and connections; the misses each
	 * gateway served. Misses many at a time bring the miss path to compiled code, as in a gateway that serves: one at
	 * a time, a warm-up of 20 s is a few hundred misses, run interpreted or at C1, and C2 compiles a method only after
	 * some thousands of calls.
	 */
	private static long warmUp(String[] args, long seconds, int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<List<Double>>>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				MissBench bench = new MissBench(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
						Integer.parseInt(args[2]));
				running.add(pool.submit(() -> bench.round(seconds)));
			}
			long misses = 0;
			for (Future<List<List<Double>>> bench : running) {
				misses += bench.get().get(1).size();
			}
			return misses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Requests for the given seconds, the three kinds in turn; the milliseconds of each, by kind. */
	private List<List<Double>> round(long seconds) throws Exception {
		List<List<Double>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		while (System.nanoTime() < end) {
			for (int k = 0; k < 3; k++) {
				samples.get(k).add(k == 0 ? direct() : miss(k - 1));
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

	/** A miss on the gateway (a fresh id), then, recorded apart, a hit for the same id; the miss's milliseconds. */
	private double miss(int gateway) throws Exception {
		String videoId = fresh();
		long start = System.nanoTime();
		Answer miss = ask(gateway, videoId);
		double millis = (System.nanoTime() - start) / 1e6;
		if (miss.status() != 200 || !"MISS".equals(miss.cache())) {
			notMisses++;
		}
		start = System.nanoTime();
		Answer hit = ask(gateway, videoId);
		hits.get(gateway).add((System.nanoTime() - start) / 1e6);
		if (hit.status() != 200 || !"HIT".equals(hit.cache())) {
			notHits++;
		}
		return millis;
	}

	private Answer ask(int gateway, String videoId) throws IOException {
		byte[] request = ("GET /v1/videos/" + videoId + "/play-auth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		if (connections[gateway] == null) {
			connections[gateway] = new Connection(gateways[gateway]);
		}
		Answer answer = connections[gateway].exchange(request);
		if (!answer.keepAlive()) {
			connections[gateway].close();
			connections[gateway] = null;
		}
		return answer;
	}

	/** What the bench reads of an answer. */
	private record Answer(int status, String cache, boolean keepAlive) {
	}

	/** One kept-alive HTTP/1.1 connection, used by one thread: a request written, its answer read in full. */
	private static final class Connection {

		private final Socket socket;
		private final OutputStream out;
		private final InputStream in;

		Connection(int port) throws IOException {
			socket = new Socket("127.0.0.1", port);
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(30_000);
			out = socket.getOutputStream();
			in = new BufferedInputStream(socket.getInputStream());
		}

		Answer exchange(byte[] request) throws IOException {
			out.write(request);
			out.flush();
			String statusLine = line();
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			String cache = "";
			int length = 0;
			boolean keepAlive = true;
			for (String header = line(); !header.isEmpty(); header = line()) {
				int colon = header.indexOf(':');
				String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = header.substring(colon + 1).trim();
				switch (name) {
					case "content-length" -> length = Integer.parseInt(value);
					case "x-cache" -> cache = value;
					case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
					default -> {
					}
				}
			}
			in.readNBytes(length);
			return new Answer(status, cache, keepAlive);
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c != '\n'; c = in.read()) {
				if (c < 0) {
					throw new IOException("the gateway closed the connection");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		void close() throws IOException {
			socket.close();
		}
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
