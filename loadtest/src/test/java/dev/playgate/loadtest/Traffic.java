package dev.playgate.loadtest;

import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * An endless stream of player requests, one record per virtual user: which call ({@code op}), on which video, with
 * which query, and the status the gateway should answer. Gatling polls a feeder from one actor, so this needs no
 * locking; it never runs dry, because an empty feeder crashes the run.
 */
final class Traffic implements Iterator<Map<String, Object>> {

	/** Picks the rank (1-based) of the next video. */
	@FunctionalInterface
	interface Ranks {

		/** The next rank, drawn with this random source. */
		long next(SplittableRandom random);
	}

	private final Ranks ranks;
	private final Mix mix;
	private final SplittableRandom random;
	private final LongFunction<String> playable;

	private Traffic(Ranks ranks, Mix mix, long seed, LongFunction<String> playable) {
		this.ranks = ranks;
		this.mix = mix;
		this.random = new SplittableRandom(seed);
		this.playable = playable;
	}

	/** Requests for ranks drawn by {@code ranks}, mixed as {@code mix} says, repeatable for one seed. */
	static Traffic of(Ranks ranks, Mix mix, long seed) {
		return new Traffic(ranks, mix, seed, VideoIds::playable);
	}

	/** The same, for the warm-up's own video ids ({@link VideoIds#warmUp}), which no measured run touches. */
	static Traffic warmUp(Ranks ranks, Mix mix, long seed) {
		return new Traffic(ranks, mix, seed, VideoIds::warmUp);
	}

	/** One video, over and over: a release-day storm. */
	static Ranks single(long rank) {
		return random -> rank;
	}

	/** Ranks 1..size in turn, then again: every key touched once per lap. */
	static Ranks sequence(int size) {
		long[] next = {0};
		return random -> next[0]++ % size + 1;
	}

	/** Ranks 1..size once each, in order, then whatever {@code rest} picks. */
	static Ranks sequenceThen(int size, Ranks rest) {
		long[] next = {0};
		return random -> next[0] < size ? ++next[0] : rest.next(random);
	}

	/** Ranks 1..size, all equally likely. */
	static Ranks uniform(int size) {
		return random -> random.nextInt(size) + 1L;
	}

	/**
	 * Ranks 1..size with probability proportional to {@code 1/rank^exponent}: the long tail of a real catalogue.
	 * The cumulative distribution is built once; each draw is a binary search.
	 */
	static Ranks zipf(int size, double exponent) {
		double[] cdf = new double[size];
		double sum = 0;
		for (int k = 1; k <= size; k++) {
			sum += 1.0 / Math.pow(k, exponent);
			cdf[k - 1] = sum;
		}
		for (int i = 0; i < size; i++) {
			cdf[i] /= sum;
		}
		return random -> firstAtLeast(cdf, random.nextDouble()) + 1L;
	}

	private static int firstAtLeast(double[] cdf, double u) {
		int low = 0;
		int high = cdf.length - 1;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (cdf[mid] < u) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	/**
	 * One of the {@code |}-separated variants of a query, all equally likely ({@code authTimeout=1800|authTimeout=3600}
	 * asks half the time for each); a query without {@code |} is itself.
	 */
	private String variant(String query) {
		int bar = query.indexOf('|');
		if (bar < 0) {
			return query;
		}
		String[] variants = query.split("\\|", -1);
		return variants[random.nextInt(variants.length)];
	}

	@Override
	public boolean hasNext() {
		return true;
	}

	@Override
	public Map<String, Object> next() {
		long rank = ranks.next(random);
		boolean missing = mix.notFoundShare() > 0 && random.nextDouble() < mix.notFoundShare();
		String videoId = missing ? VideoIds.notFound(rank) : playable.apply(rank);
		boolean playInfo = mix.playInfoShare() > 0 && random.nextDouble() < mix.playInfoShare();
		String op = playInfo ? "play-info" : "play-auth";
		String query = variant(playInfo ? mix.playInfoQuery() : mix.playAuthQuery());
		String path = "/v1/videos/" + videoId + "/" + op + (query.isEmpty() ? "" : "?" + query);
		return Map.of("op", op, "videoId", videoId, "path", path, "expect", missing ? 404 : 200);
	}
}
