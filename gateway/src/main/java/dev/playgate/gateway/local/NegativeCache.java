package dev.playgate.gateway.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoUnavailableException;
import reactor.core.publisher.Mono;

/**
 * Remembers, for a short while, that VOD said a video cannot be served as asked (not found, no matching stream, not
 * playable), so repeats cost no upstream call. Throttling, timeouts and auth failures pass through untouched: they
 * say nothing about the video.
 */
public final class NegativeCache implements CredentialSource {

	private final CredentialSource next;
	private final Cache<CredentialKey, VideoUnavailableException> refusals;
	private final LocalTierMetrics metrics;

	private NegativeCache(CredentialSource next, Cache<CredentialKey, VideoUnavailableException> refusals,
			LocalTierMetrics metrics) {
		this.next = next;
		this.refusals = refusals;
		this.metrics = metrics;
	}

	/** A negative cache in front of {@code next}, remembering refusals for {@code playgate.cache.negative-ttl}. */
	public static NegativeCache of(CredentialSource next, CacheProperties properties, Ticker ticker,
			LocalTierMetrics metrics) {
		Cache<CredentialKey, VideoUnavailableException> refusals = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(properties.negativeTtl())
			.maximumSize(properties.negativeMaxEntries())
			.build();
		return new NegativeCache(next, refusals, metrics);
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		VideoUnavailableException remembered = refusals.getIfPresent(request.key());
		if (remembered != null) {
			metrics.negativeHit(request.key().action());
			return Mono.error(remembered);
		}
		return next.fetch(request).onErrorResume(VideoUnavailableException.class, refusal -> {
			refusals.put(request.key(), refusal);
			return Mono.error(refusal);
		});
	}
}
