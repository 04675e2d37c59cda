import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The purge-lag benchmark's client, run by bench/purge-lag against two running gateways sharing one Redis. For each
 * fresh video cached on both: the operator's DELETE goes to gateway A while this client asks gateway B without pause
 * what it holds for the video (GET /actuator/credentials/{id}, which costs no VOD call); the lag is from sending the
 * DELETE to B's first answer listing nothing (an upper bound: it includes one such read's round trip). Baseline in the same run: the same DELETE sent to B itself (a purge that needs no
 * fleet hop). Also prints B's own playgate_purge_lag_seconds quantiles (publication on A to application on B, by the
 * two processes' clocks). Prints key=value lines.
 */
public final class PurgeLagBench {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static int skipped;

	private static final Pattern LAG = Pattern
		.compile("^playgate_purge_lag_seconds\\{[^}]*quantile=\"([0-9.]+)\"[^}]*} ([0-9.E-]+)$", Pattern.MULTILINE);

	public static void main(String[] args) throws Exception {
		String a = "http://127.0.0.1:" + args[0];
		String aManagement = "http://127.0.0.1:" + args[1];
		String b = "http://127.0.0.1:" + args[2];
		String bManagement = "http://127.0.0.1:" + args[3];
		int videos = Integer.parseInt(args[4]);

		measure(a, aManagement, b, bManagement, 50); // warm-up (JIT, connections)
		measure(b, bManagement, b, bManagement, 20);
		List<Double> fleet = measure(a, aManagement, b, bManagement, videos);
		List<Double> local = measure(b, bManagement, b, bManagement, videos);
		Collections.sort(fleet);
		Collections.sort(local);
		System.out.printf("videos=%d%nskipped=%d%n", videos, skipped);
		System.out.printf("fleet_p50=%.2f%nfleet_p90=%.2f%nfleet_p99=%.2f%nfleet_max=%.2f%n", pct(fleet, 50),
				pct(fleet, 90), pct(fleet, 99), fleet.get(fleet.size() - 1));
		System.out.printf("local_p50=%.2f%nlocal_p90=%.2f%nlocal_p99=%.2f%nlocal_max=%.2f%n", pct(local, 50),
				pct(local, 90), pct(local, 99), local.get(local.size() - 1));
		String metrics = text(bManagement + "/actuator/prometheus");
		Matcher m = LAG.matcher(metrics);
		while (m.find()) {
			System.out.printf("internal_q%s=%.2f%n", m.group(1).replace("0.", ""), Double.parseDouble(m.group(2)) * 1000);
		}
	}

	/** For each fresh video cached on both gateways: purge through {@code purger}, ask {@code reader} until empty. */
	private static List<Double> measure(String purger, String purgerManagement, String reader,
			String readerManagement, int videos) throws Exception {
		List<Double> lags = new ArrayList<>();
		for (int i = 0; i < videos; i++) {
			String video = UUID.randomUUID().toString().replace("-", "");
			try {
				get(purger, video);
				get(reader, video);
				if (!"HIT".equals(get(reader, video))) {
					throw new IllegalStateException("video not cached on the reader: " + video);
				}
			}
			catch (java.io.IOException | IllegalStateException setupFailed) {
				// caching the video needs one VOD call; on a loaded machine it can time out: not what is measured
				skipped++;
				continue;
			}
			long start = System.nanoTime();
			CompletableFuture<HttpResponse<Void>> purge = HTTP.sendAsync(
					HttpRequest.newBuilder(URI.create(purgerManagement + "/actuator/credentials/" + video)).DELETE()
						.build(),
					HttpResponse.BodyHandlers.discarding());
			long seen;
			int reads = 0;
			while (true) {
				boolean empty = text(readerManagement + "/actuator/credentials/" + video).contains("\"entries\":[]");
				seen = System.nanoTime();
				if (empty) {
					break;
				}
				if (++reads > 100_000) {
					throw new IllegalStateException("the purge of " + video + " never reached " + reader);
				}
			}
			if (purge.join().statusCode() != 204) {
				throw new IllegalStateException("DELETE answered " + purge.join().statusCode());
			}
			lags.add((seen - start) / 1e6);
		}
		return lags;
	}

	private static String get(String base, String video) throws Exception {
		HttpResponse<Void> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(base + "/v1/videos/" + video + "/play-auth"))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("status " + response.statusCode() + " for " + video);
		}
		return response.headers().firstValue("X-Cache").orElse("?");
	}

	private static String text(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	private static double pct(List<Double> sorted, int percentile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
	}
}
