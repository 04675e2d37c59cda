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
 * The shared-tier benchmark's client, run by bench/shared-tier against two running gateways that share one Redis and
 * one emulator. For each fresh video: gateway A asks first (it takes the lease and calls the emulator), gateway B asks
 * half an upstream latency later (it waits for A's fill message); the latency added to B is B's answer time minus A's.
 * Baseline in the same run: an L2 hit on B (a key A filled, not yet in B's L1), i.e. one Redis round trip plus HTTP.
 * Redis round trips per request come from each gateway's playgate_redis_round_trips_total, per scenario.
 * Prints key=value lines.
 */
public final class SharedTierBench {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Pattern ROUND_TRIPS = Pattern.compile(
			"^playgate_redis_round_trips_total\\{[^}]*operation=\"([^\"]+)\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

	record Timed(long nanos, String cache) {
	}

	public static void main(String[] args) throws Exception {
		String a = "http://127.0.0.1:" + args[0];
		String aManagement = "http://127.0.0.1:" + args[1];
		String b = "http://127.0.0.1:" + args[2];
		String bManagement = "http://127.0.0.1:" + args[3];
		int keys = Integer.parseInt(args[4]);
		long offsetMillis = Long.parseLong(args[5]) / 2;

		coalescedPairs(a, b, 50, offsetMillis); // warm-up (JIT, connections)
		double[] aBefore = roundTrips(aManagement);
		double[] bBefore = roundTrips(bManagement);
		List<Double> added = new ArrayList<>();
		int coalesced = 0;
		for (long[] pair : coalescedPairs(a, b, keys, offsetMillis)) {
			added.add((pair[1] - pair[0]) / 1e6);
			coalesced += (int) pair[2];
		}
		double[] aHolder = delta(roundTrips(aManagement), aBefore);
		double[] bWaiter = delta(roundTrips(bManagement), bBefore);

		List<String> filled = new ArrayList<>();
		for (int i = 0; i < keys; i++) {
			String video = fresh();
			get(a, video).join();
			filled.add(video);
		}
		double[] bBeforeHits = roundTrips(bManagement);
		List<Double> l2Hits = new ArrayList<>();
		for (String video : filled) {
			long start = System.nanoTime();
			Timed hit = get(b, video).join();
			l2Hits.add((hit.nanos() - start) / 1e6);
		}
		double[] bL2 = delta(roundTrips(bManagement), bBeforeHits);
		List<Double> l1Hits = new ArrayList<>();
		for (String video : filled) {
			long start = System.nanoTime();
			Timed hit = get(b, video).join();
			l1Hits.add((hit.nanos() - start) / 1e6);
		}
		double[] bL1 = delta(roundTrips(bManagement), bBeforeHits);

		double[] aBurst = roundTrips(aManagement);
		double[] bBurst = roundTrips(bManagement);
		// within what the default budget serves inside its default wait (300/s x 0.5 s), so none is shed
		int burstSize = Math.min(keys, 100);
		List<CompletableFuture<Timed>> burst = new ArrayList<>();
		for (int i = 0; i < burstSize; i++) {
			burst.add(get(i % 2 == 0 ? a : b, fresh()));
		}
		burst.forEach(CompletableFuture::join);
		double budgetTakes = delta(roundTrips(aManagement), aBurst)[2] + delta(roundTrips(bManagement), bBurst)[2];

		Collections.sort(added);
		Collections.sort(l2Hits);
		Collections.sort(l1Hits);
		System.out.printf("keys=%d%ncoalesced=%d%n", keys, coalesced);
		System.out.printf("added_p50=%.2f%nadded_p90=%.2f%nadded_p99=%.2f%nadded_max=%.2f%n", pct(added, 50),
				pct(added, 90), pct(added, 99), added.get(added.size() - 1));
		System.out.printf("l2hit_p50=%.2f%nl2hit_p90=%.2f%nl1hit_p50=%.2f%n", pct(l2Hits, 50), pct(l2Hits, 90),
				pct(l1Hits, 50));
		System.out.printf("holder_claim=%.2f%nholder_fill=%.2f%nholder_budget=%.2f%n", aHolder[0] / keys,
				aHolder[1] / keys, aHolder[2] / keys);
		System.out.printf("waiter_claim=%.2f%nwaiter_other=%.2f%n", bWaiter[0] / keys,
				(bWaiter[1] + bWaiter[2] + bWaiter[3]) / keys);
		System.out.printf("burst=%d%nburst_budget=%.2f%n", burstSize, budgetTakes / burstSize);
		System.out.printf("l2hit_rt=%.2f%nl1hit_rt=%.2f%n", (bL2[0] + bL2[1] + bL2[2] + bL2[3]) / keys,
				(bL1[0] + bL1[1] + bL1[2] + bL1[3]) / keys - (bL2[0] + bL2[1] + bL2[2] + bL2[3]) / keys);
	}

	/** For each pair: A's answer time, B's answer time (nanos), and 1 if B was COALESCED. */
	private static List<long[]> coalescedPairs(String a, String b, int keys, long offsetMillis) throws Exception {
		List<long[]> pairs = new ArrayList<>();
		for (int i = 0; i < keys; i++) {
			String video = fresh();
			CompletableFuture<Timed> holder = get(a, video);
			Thread.sleep(offsetMillis);
			Timed waiter = get(b, video).join();
			Timed first = holder.join();
			pairs.add(new long[] { first.nanos(), waiter.nanos(), "COALESCED".equals(waiter.cache()) ? 1 : 0 });
		}
		return pairs;
	}

	private static CompletableFuture<Timed> get(String base, String video) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/videos/" + video + "/play-auth"))
			.timeout(Duration.ofSeconds(30))
			.build();
		return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
			long now = System.nanoTime();
			if (response.statusCode() != 200) {
				throw new IllegalStateException("status " + response.statusCode() + " for " + video);
			}
			return new Timed(now, response.headers().firstValue("X-Cache").orElse("?"));
		});
	}

	/** claim, fill, budget.take, other operations: cumulative round trips of one gateway. */
	private static double[] roundTrips(String management) throws Exception {
		String text = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		double[] sums = new double[4];
		Matcher m = ROUND_TRIPS.matcher(text);
		while (m.find()) {
			int slot = switch (m.group(1)) {
				case "claim" -> 0;
				case "fill" -> 1;
				case "budget.take" -> 2;
				default -> 3;
			};
			sums[slot] += Double.parseDouble(m.group(2));
		}
		return sums;
	}

	private static double[] delta(double[] after, double[] before) {
		double[] d = new double[after.length];
		for (int i = 0; i < d.length; i++) {
			d[i] = after[i] - before[i];
		}
		return d;
	}

	private static double pct(List<Double> sorted, int percentile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
	}

	private static String fresh() {
		return UUID.randomUUID().toString().replace("-", "");
	}
}
