package dev.playgate.gateway.security;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A gate that also holds each caller to its request quota: a token bucket per {@link ClientIdentity}, driven by the
 * injected {@link Ticker}. Buckets live in a Caffeine cache bounded in size, and a bucket idle for as long as it takes
 * to refill completely is dropped: a full bucket and no bucket behave the same, so forgetting it changes nothing, and
 * a flood of identities cannot exhaust memory.
 */
final class RateLimitedGate implements ClientGate {

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final ClientGate delegate;
	private final Ticker ticker;
	private final long intervalNanos;
	private final long allowanceNanos;
	private final Cache<String, ClientBucket> buckets;
	private final Rejections rejections;

	RateLimitedGate(ClientGate delegate, SecurityProperties.ClientRateLimit limit, Ticker ticker,
			Rejections rejections) {
		this(delegate, limit, ticker, rejections, ForkJoinPool.commonPool());
	}

	RateLimitedGate(ClientGate delegate, SecurityProperties.ClientRateLimit limit, Ticker ticker,
			Rejections rejections, Executor maintenance) {
		this.delegate = delegate;
		this.ticker = ticker;
		this.intervalNanos = Math.max(1, Math.round(NANOS_PER_SECOND / limit.requestsPerSecond()));
		this.allowanceNanos = intervalNanos * limit.effectiveBurst();
		this.buckets = Caffeine.newBuilder()
			.maximumSize(limit.maxClients())
			.expireAfterAccess(Duration.ofNanos(Math.max(allowanceNanos, NANOS_PER_SECOND)))
			.ticker(ticker)
			.executor(maintenance)
			.build();
		this.rejections = rejections;
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers) {
		ClientIdentity identity = delegate.admit(headers);
		ClientBucket bucket = buckets.get(identity.id(), id -> new ClientBucket());
		long waitNanos = bucket.tryAcquire(ticker.read(), intervalNanos, allowanceNanos);
		if (waitNanos > 0) {
			throw rejections.rateLimited(retryAfter(waitNanos));
		}
		return identity;
	}

	/** {@code Retry-After} is whole seconds: round up, so a client that obeys it finds a token. */
	static Duration retryAfter(long waitNanos) {
		return Duration.ofSeconds(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
	}

	/** How many callers' buckets are kept now. */
	long trackedClients() {
		buckets.cleanUp();
		return buckets.estimatedSize();
	}
}
