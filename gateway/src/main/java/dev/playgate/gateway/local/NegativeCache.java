package dev.playgate.gateway.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.credential.VideoUnavailableException;
import dev.playgate.gateway.purge.VideoGenerations;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Remembers, for a short while, that VOD said a video cannot be served as asked (not found, no matching stream, not
 * playable), so repeats cost no upstream call. Throttling, timeouts and auth failures pass through untouched: they
 * say nothing about the video. A purge of the video forgets them at once; a refusal that was on its way during the
 * purge is fenced by {@link VideoGenerations} (stored, then checked, then removed when stale).
 */
public final class NegativeCache implements CredentialSource, VideoPurgeable {

	private static final String TIER = "negative";

	private final CredentialSource next;
	private final Cache<CredentialKey, VideoUnavailableException> refusals;
	private final LocalTierMetrics metrics;
	private final VideoGenerations generations;
	private final Clock clock;
	private final Duration ttl;

	private NegativeCache(CredentialSource next, Cache<CredentialKey, VideoUnavailableException> refusals,
			LocalTierMetrics metrics, VideoGenerations generations, Clock clock, Duration ttl) {
		this.next = next;
		this.refusals = refusals;
		this.metrics = metrics;
		this.generations = generations;
		this.clock = clock;
		this.ttl = ttl;
	}

	/** A negative cache in front of {@code next}, remembering refusals for {@code playgate.cache.negative-ttl}. */
	public static NegativeCache of(CredentialSource next, CacheProperties properties, Clock clock, Ticker ticker,
			LocalTierMetrics metrics, VideoGenerations generations) {
		Cache<CredentialKey, VideoUnavailableException> refusals = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(properties.negativeTtl())
			.maximumSize(properties.negativeMaxEntries())
			.build();
		return new NegativeCache(next, refusals, metrics, generations, clock, properties.negativeTtl());
	}

	@Override
	public @Nullable Served servedAtOnce(CredentialRequest request) {
		VideoUnavailableException remembered = refusals.getIfPresent(request.key());
		if (remembered != null) {
			metrics.negativeHit(request.key().action());
			throw remembered;
		}
		return next.servedAtOnce(request);
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		VideoUnavailableException remembered = refusals.getIfPresent(request.key());
		if (remembered != null) {
			metrics.negativeHit(request.key().action());
			return Mono.error(remembered);
		}
		return Mono.defer(() -> {
			VideoGenerations.Stamp stamp = generations.stamp(request.key());
			return next.fetch(request).onErrorResume(VideoUnavailableException.class, refusal -> {
				refusals.put(request.key(), refusal);
				if (!generations.isCurrent(stamp)) {
					refusals.asMap().remove(request.key(), refusal);
				}
				return Mono.error(refusal);
			});
		});
	}

	@Override
	public void purge(VideoId videoId) {
		generations.advance(videoId);
		refusals.asMap().keySet().removeIf(CredentialKey.forVideo(videoId));
	}

	@Override
	public void purgeAll() {
		generations.advanceAll();
		refusals.invalidateAll();
	}

	@Override
	public List<CachedEntry> entries(VideoId videoId) {
		Instant now = clock.instant();
		List<CachedEntry> held = new ArrayList<>();
		Predicate<CredentialKey> ofVideo = CredentialKey.forVideo(videoId);
		for (Map.Entry<CredentialKey, VideoUnavailableException> entry : refusals.asMap().entrySet()) {
			CredentialKey key = entry.getKey();
			if (ofVideo.test(key)) {
				Duration age = refusals.policy().expireAfterWrite().flatMap(policy -> policy.ageOf(key))
					.orElse(Duration.ZERO);
				Instant rememberedAt = now.minus(age);
				held.add(new CachedEntry(TIER, key.canonical(), rememberedAt, rememberedAt.plus(ttl), true,
						entry.getValue().code().name()));
			}
		}
		return held;
	}
}
