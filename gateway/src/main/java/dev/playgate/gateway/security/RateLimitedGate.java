package dev.playgate.gateway.security;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.ClientQuota;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * A gate that also holds each caller to its request quota: the {@link ClientQuota} of its {@link ClientIdentity},
 * refused with a {@code Retry-After} in whole seconds.
 */
final class RateLimitedGate implements ClientGate {

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final ClientGate delegate;
	private final ClientQuota quota;
	private final Rejections rejections;

	RateLimitedGate(ClientGate delegate, SecurityProperties.ClientRateLimit limit, Ticker ticker,
			Rejections rejections) {
		this(delegate, limit, ticker, rejections, ForkJoinPool.commonPool());
	}

	RateLimitedGate(ClientGate delegate, SecurityProperties.ClientRateLimit limit, Ticker ticker,
			Rejections rejections, Executor maintenance) {
		this.delegate = delegate;
		this.quota = ClientQuota.of(limit.requestsPerSecond(), limit.effectiveBurst(), limit.maxClients(), ticker,
				maintenance);
		this.rejections = rejections;
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers) {
		return charged(delegate.admit(headers));
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers, @Nullable InetSocketAddress peer) {
		return charged(delegate.admit(headers, peer));
	}

	private ClientIdentity charged(ClientIdentity identity) {
		charge(identity);
		return identity;
	}

	@Override
	public void charge(ClientIdentity caller) {
		long waitNanos = quota.tryAcquire(caller.id());
		if (waitNanos > 0) {
			throw rejections.rateLimited(retryAfter(waitNanos));
		}
	}

	/** {@code Retry-After} is whole seconds: round up, so a client that obeys it finds a token. */
	static Duration retryAfter(long waitNanos) {
		return Duration.ofSeconds(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
	}

	/** How many callers' buckets are kept now. */
	long trackedClients() {
		return quota.trackedClients();
	}
}
