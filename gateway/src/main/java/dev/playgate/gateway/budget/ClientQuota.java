package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Each caller's request quota: a token bucket per caller id, driven by the injected {@link Ticker}. Buckets live in a
 * Caffeine cache bounded in size, and a bucket idle for as long as it takes to refill completely is dropped: a full
 * bucket and no bucket behave the same, so forgetting it changes nothing, and a flood of ids cannot exhaust memory.
 */
public final class ClientQuota {

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final Ticker ticker;
	private final long intervalNanos;
	private final long allowanceNanos;
	private final Cache<String, ClientBucket> buckets;

	private ClientQuota(double requestsPerSecond, int burst, int maxClients, Ticker ticker, Executor maintenance) {
		this.ticker = ticker;
		this.intervalNanos = Math.max(1, Math.round(NANOS_PER_SECOND / requestsPerSecond));
		this.allowanceNanos = intervalNanos * burst;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxClients)
			.expireAfterAccess(Duration.ofNanos(Math.max(allowanceNanos, NANOS_PER_SECOND)))
			.ticker(ticker)
			.executor(maintenance)
			.build();
	}

	/**
	 * A quota of {@code requestsPerSecond} sustained with {@code burst} requests at once, kept for at most
	 * {@code maxClients} callers; the cache's upkeep runs on {@code maintenance}.
	 */
	public static ClientQuota of(double requestsPerSecond, int burst, int maxClients, Ticker ticker,
			Executor maintenance) {
		if (!(requestsPerSecond > 0) || burst < 1 || maxClients < 1) {
			throw new IllegalArgumentException("a client quota needs a positive rate, burst and size: "
					+ requestsPerSecond + "/s, burst " + burst + ", " + maxClients + " clients");
		}
		return new ClientQuota(requestsPerSecond, burst, maxClients, ticker, maintenance);
	}

	/** Takes one of {@code clientId}'s tokens: 0 when it had one, otherwise the nanoseconds until it will. */
	public long tryAcquire(String clientId) {
		ClientBucket bucket = buckets.get(clientId, id -> new ClientBucket());
		return bucket.tryAcquire(ticker.read(), intervalNanos, allowanceNanos);
	}

	/** How many callers' buckets are kept now. */
	public long trackedClients() {
		buckets.cleanUp();
		return buckets.estimatedSize();
	}
}
