package dev.playgate.loadtest.summary;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Exact nearest-rank percentiles of response times in ms, over every request (Gatling's own figures are t-digest
 * estimates, which differ on small runs); all {@code null} for no requests.
 */
public record Latency(@Nullable Long p50, @Nullable Long p95, @Nullable Long p99, @Nullable Long p999,
		@Nullable Long max, @Nullable Double mean) {

	/** The latency of these requests. */
	public static Latency of(Collection<Request> requests) {
		long[] values = requests.stream().mapToLong(Request::responseMs).sorted().toArray();
		if (values.length == 0) {
			return new Latency(null, null, null, null, null, null);
		}
		double mean = Math.round(java.util.Arrays.stream(values).average().orElse(0) * 10) / 10.0;
		return new Latency(rank(values, 50), rank(values, 95), rank(values, 99), rank(values, 99.9),
				values[values.length - 1], mean);
	}

	/** The nearest-rank percentile {@code p} of sorted values: the smallest value with at least p % at or below. */
	static long rank(long[] sorted, double p) {
		int rank = Math.max(1, (int) Math.ceil(p / 100.0 * sorted.length));
		return sorted[rank - 1];
	}
}
