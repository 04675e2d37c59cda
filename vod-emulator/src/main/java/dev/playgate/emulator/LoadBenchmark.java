package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A bounded, open-loop latency benchmark (a tool, not a test): sends pre-signed GetPlayInfo / GetVideoPlayAuth calls
 * at a fixed rate to an emulator and, in the same run, the same number of requests to a bare Reactor Netty server
 * that returns a fixed 2 KB body, and prints p50/p99/p99.9/max of both. Latency is measured from each request's
 * scheduled send time, so a stalled server cannot hide its queueing (no coordinated omission).
 *
 * <pre>
 * java -cp vod-emulator.jar dev.playgate.emulator.LoadBenchmark serve-baseline --port 18182
 * java -cp vod-emulator.jar dev.playgate.emulator.LoadBenchmark load --emulator 127.0.0.1:18181 \
 *      --baseline 127.0.0.1:18182 --rate 2000 --seconds 20 --warmup 10
 * </pre>
 * {@code vod-emulator/bench/run.sh} starts both servers and runs the load.
 */
public final class LoadBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private LoadBenchmark() {
	}

	/**
	 * Runs {@code serve-baseline --port N} or
	 * {@code load --emulator H:P --baseline H:P --rate N --seconds N --warmup N}.
	 */
	public static void main(String[] args) throws InterruptedException {
		Map<String, String> flags = flags(args);
		if (args.length > 0 && args[0].equals("serve-baseline")) {
			serveBaseline(Integer.parseInt(flags.getOrDefault("port", "18182")));
			return;
		}
		int rate = Integer.parseInt(flags.getOrDefault("rate", "2000"));
		int seconds = Integer.parseInt(flags.getOrDefault("seconds", "20"));
		int warmup = Integer.parseInt(flags.getOrDefault("warmup", "10"));
		String emulator = flags.getOrDefault("emulator", "127.0.0.1:18181");
		String baseline = flags.get("baseline");
		HttpClient client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(1024)
				.pendingAcquireMaxCount(-1).build()).runOn(LoopResources.create("bench", 1, true));
		System.out.printf(Locale.ROOT, "open-loop %d calls/s, warm-up %d s, measured %d s%n", rate, warmup, seconds);
		// a cold JIT cannot take the full rate at once: warm up at a quarter of it, then at the full rate
		run(client, "warm-up emulator", emulator, Math.max(1, rate / 4), warmup, true);
		run(client, "warm-up emulator", emulator, rate, warmup, true);
		if (baseline != null) {
			run(client, "warm-up baseline", baseline, Math.max(1, rate / 4), warmup, false);
			run(client, "warm-up baseline", baseline, rate, warmup, false);
		}
		long ticks = Long.parseLong(flags.getOrDefault("clk-tck", "100"));
		double vodCpu = cpuSeconds(flags.get("emulator-pid"), ticks);
		Result vod = run(client, "emulator", emulator, rate, seconds, true);
		vodCpu = cpuSeconds(flags.get("emulator-pid"), ticks) - vodCpu;
		if (baseline != null) {
			double bareCpu = cpuSeconds(flags.get("baseline-pid"), ticks);
			Result bare = run(client, "baseline", baseline, rate, seconds, false);
			bareCpu = cpuSeconds(flags.get("baseline-pid"), ticks) - bareCpu;
			System.out.printf(Locale.ROOT, "ratio emulator/baseline: p50 %.2f, p99 %.2f%n", vod.p50 / bare.p50,
					vod.p99 / bare.p99);
			if (vodCpu > 0 && bareCpu > 0) {
				int calls = rate * seconds;
				System.out.printf(Locale.ROOT, "server CPU per call: emulator %.0f us, baseline %.0f us (ratio %.2f)%n",
						vodCpu * 1e6 / calls, bareCpu * 1e6 / calls, vodCpu / bareCpu);
			}
		}
		System.exit(vod.errors == 0 ? 0 : 1);
	}

	private static Result run(HttpClient client, String label, String target, int rate, int seconds, boolean sign)
			throws InterruptedException {
		List<String> urls = urls(target, rate * seconds, sign);
		AtomicLongArray latencies = new AtomicLongArray(urls.size());
		AtomicInteger errors = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(urls.size());
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		long start = System.nanoTime();
		long intervalNanos = 1_000_000_000L / rate;
		AtomicInteger next = new AtomicInteger();
		ticker.scheduleAtFixedRate(() -> {
			long due = (System.nanoTime() - start) / intervalNanos;
			for (int i = next.get(); i <= due && i < urls.size(); i = next.incrementAndGet()) {
				send(client, urls.get(i), start + i * intervalNanos, i, latencies, errors, done);
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		boolean finished = done.await(seconds + TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
		ticker.shutdownNow();
		Result result = Result.of(latencies, errors.get() + (int) done.getCount(), urls.size(),
				System.nanoTime() - start);
		System.out.printf(Locale.ROOT, "%-17s %6d calls  %7.0f/s  errors %d%s  p50 %6.2f ms  p99 %6.2f ms  "
				+ "p99.9 %6.2f ms  max %7.2f ms%n", label, urls.size(), result.achievedRate, result.errors,
				finished ? "" : " (timed out)", result.p50, result.p99, result.p999, result.max);
		return result;
	}

	private static void send(HttpClient client, String url, long dueNanos, int index, AtomicLongArray latencies,
			AtomicInteger errors, CountDownLatch done) {
		client.post().uri(url).responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
				.map(bytes -> response.status().code())).timeout(TIMEOUT).subscribe(status -> {
					latencies.set(index, System.nanoTime() - dueNanos);
					if (status != 200) {
						errors.incrementAndGet();
					}
					done.countDown();
				}, error -> {
					latencies.set(index, System.nanoTime() - dueNanos);
					errors.incrementAndGet();
					done.countDown();
				});
	}

	/** Pre-signed URLs, each with its own nonce, half GetPlayInfo and half GetVideoPlayAuth over 1,000 videos. */
	private static List<String> urls(String target, int count, boolean sign) {
		SplittableRandom random = new SplittableRandom(1);
		SplittableRandom nonces = new SplittableRandom();
		String timestamp = Authenticator.formatTimestamp(Instant.now().toEpochMilli());
		List<String> urls = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Map<String, String> parameters = new HashMap<>();
			parameters.put("Action", i % 2 == 0 ? PlayInfoAction.NAME : PlayAuthAction.NAME);
			parameters.put("Version", "2017-03-21");
			parameters.put("Format", "JSON");
			parameters.put("AccessKeyId", EmulatorOptions.DEFAULT_ACCESS_KEY_ID);
			parameters.put("SignatureMethod", SignatureV1.HMAC_SHA1);
			parameters.put("SignatureVersion", "1.0");
			parameters.put("SignatureNonce", Long.toHexString(nonces.nextLong()) + Long.toHexString(nonces.nextLong()));
			parameters.put("Timestamp", timestamp);
			parameters.put("RegionId", "cn-shanghai");
			parameters.put("VideoId", String.format(Locale.ROOT, "bench%027d", random.nextInt(1000)));
			if (sign) {
				parameters.put("Signature", SignatureV1.sign(SignatureV1.HMAC_SHA1,
						EmulatorOptions.DEFAULT_ACCESS_KEY_SECRET, SignatureV1.stringToSign("POST", parameters)));
			}
			StringBuilder url = new StringBuilder("http://").append(target).append("/?");
			parameters.forEach((name, value) -> url.append(name).append('=')
					.append(SignatureV1.percentEncode(value)).append('&'));
			urls.add(url.substring(0, url.length() - 1));
		}
		return urls;
	}

	/** User + system CPU seconds a process has used so far (Linux {@code /proc}), or 0 when unknown. */
	private static double cpuSeconds(String pid, long ticksPerSecond) {
		if (pid == null) {
			return 0;
		}
		try {
			String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) ticksPerSecond;
		}
		catch (java.io.IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static void serveBaseline(int port) throws InterruptedException {
		byte[] body = ("{\"RequestId\":\"" + RequestIds.next() + "\",\"Padding\":\"" + "x".repeat(2000) + "\"}")
				.getBytes(StandardCharsets.UTF_8);
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(port)
				.runOn(LoopResources.create("baseline", Runtime.getRuntime().availableProcessors(), true))
				.handle((request, response) -> response.status(200)
						.header(HttpHeaderNames.CONTENT_TYPE, OpenApiEndpoint.CONTENT_TYPE)
						.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
						.sendObject(Unpooled.wrappedBuffer(body)))
				.bindNow();
		Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow));
		System.out.println("baseline ready on 127.0.0.1:" + server.port());
		server.onDispose().block();
	}

	private static Map<String, String> flags(String[] args) {
		Map<String, String> flags = new HashMap<>();
		for (int i = 1; i + 1 < args.length; i += 2) {
			flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return flags;
	}

	private record Result(double p50, double p99, double p999, double max, int errors, double achievedRate) {

		static Result of(AtomicLongArray latencies, int errors, int count, long elapsedNanos) {
			long[] sorted = new long[latencies.length()];
			for (int i = 0; i < sorted.length; i++) {
				sorted[i] = latencies.get(i);
			}
			Arrays.sort(sorted);
			return new Result(ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6,
					errors, count / (elapsedNanos / 1e9));
		}

		private static double ms(long[] sorted, double quantile) {
			return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
		}
	}
}
