package dev.playgate.gateway.playinfo;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.SharedLoad;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.urlsign.UrlSigner;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The stream catalogues of {@code local-sign} mode, one per catalogue key, read once and held until they stop being
 * trusted ({@code catalogue-ttl} after their GetPlayInfo started) or a catalogue event purges their video.
 *
 * <p>
 * Concurrency, as in the local tier: the map holds one future per key, completed or loading. The caller whose future
 * wins the {@code compute} starts the load through {@code toFuture()} (owned by the future in the map, not by any
 * caller) and every caller waits through {@code SharedLoad.join(future)}, so a viewer that disconnects never
 * cancels the load for the others. A failed load completes exceptionally and Caffeine drops it: failures are never
 * held here (the negative cache below remembers refusals). A purge removes the video's futures, loading ones too:
 * callers already waiting get the old catalogue, every later caller starts a new load, so a load in flight at the
 * purge cannot put the purged catalogue back.
 */
final class CatalogueCache implements VideoPurgeable {

	/** The tier's name in the operator's listing. */
	static final String TIER = "catalogue";

	private final AsyncCache<CredentialKey, Catalogue> cache;
	private final ConcurrentMap<CredentialKey, CompletableFuture<Catalogue>> entries;
	private final CredentialSource next;
	private final UrlSigner signer;
	private final SigningKeyCheck keyCheck;

	CatalogueCache(CredentialSource next, UrlSigner signer, SigningKeyCheck keyCheck, long maxBytes, Clock clock,
			Ticker ticker) {
		this.next = next;
		this.signer = signer;
		this.keyCheck = keyCheck;
		this.cache = Caffeine.newBuilder()
			.ticker(ticker)
			.maximumWeight(maxBytes)
			.weigher((CredentialKey key, Catalogue catalogue) -> catalogue.weight())
			.expireAfter(new UntilDistrusted(clock))
			.buildAsync();
		this.entries = cache.asMap();
	}

	/** The catalogue for {@code request} (its key is a catalogue key), and how it was obtained. */
	Mono<Fetched> fetch(CredentialRequest request) {
		CompletableFuture<Catalogue> current = entries.get(request.key());
		if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
			return Mono.just(new Fetched(current.join(), CacheStatus.HIT));
		}
		if (current != null && !current.isDone()) {
			return SharedLoad.join(current).map(catalogue -> new Fetched(catalogue, CacheStatus.COALESCED));
		}
		return load(request, current);
	}

	private Mono<Fetched> load(CredentialRequest request, @Nullable CompletableFuture<Catalogue> replaced) {
		CompletableFuture<Served> outcome = new CompletableFuture<>();
		CompletableFuture<Catalogue> loading = outcome.thenApply(this::read);
		CompletableFuture<Catalogue> winner = entries.compute(request.key(),
				(key, present) -> present == null || present == replaced ? loading : present);
		if (winner != loading) {
			return SharedLoad.join(winner).map(catalogue -> new Fetched(catalogue, CacheStatus.COALESCED));
		}
		next.fetch(request).toFuture().whenComplete((served, error) -> {
			if (error == null) {
				outcome.complete(served);
			}
			else {
				outcome.completeExceptionally(error);
			}
		});
		return SharedLoad.join(loading).map(catalogue -> new Fetched(catalogue, outcome.join().status()));
	}

	private Catalogue read(Served served) {
		Catalogue catalogue = Catalogue.read(served.credential(), signer);
		keyCheck.record(catalogue);
		return catalogue;
	}

	/**
	 * Drops the video's catalogues, loading ones too (a fetch in flight then completes a future nobody holds, so it
	 * cannot put the purged catalogue back), and what the tier below remembers for it (its refusals).
	 */
	@Override
	public void purge(VideoId videoId) {
		entries.keySet().removeIf(key -> key.videoId().equals(videoId));
		if (next instanceof VideoPurgeable below) {
			below.purge(videoId);
		}
	}

	/** Drops every catalogue (a replica that missed invalidations can no longer tell which are still true). */
	@Override
	public void purgeAll() {
		entries.clear();
		if (next instanceof VideoPurgeable below) {
			below.purgeAll();
		}
	}

	@Override
	public List<CachedEntry> entries(VideoId videoId) {
		List<CachedEntry> held = new ArrayList<>();
		entries.forEach((key, future) -> {
			if (key.videoId().equals(videoId)) {
				Catalogue catalogue = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
				held.add(catalogue == null ? new CachedEntry(TIER, key.canonical(), null, null, false, "loading")
						: new CachedEntry(TIER, key.canonical(), null, catalogue.trustedUntil(), false, null));
			}
		});
		if (next instanceof VideoPurgeable below) {
			held.addAll(below.entries(videoId));
		}
		return held;
	}

	/** How many catalogues are held (completed or loading). */
	long size() {
		return cache.synchronous().estimatedSize();
	}

	/**
	 * A catalogue and how this request obtained it.
	 *
	 * @param catalogue the catalogue
	 * @param status {@code HIT} when it was held here, {@code COALESCED} when this request waited for another's load,
	 * else what the tiers below said
	 */
	record Fetched(Catalogue catalogue, CacheStatus status) {
	}

	/** Expires each catalogue when it stops being trusted. */
	private record UntilDistrusted(Clock clock) implements Expiry<CredentialKey, Catalogue> {

		@Override
		public long expireAfterCreate(CredentialKey key, Catalogue catalogue, long currentTime) {
			Duration left = Duration.between(clock.instant(), catalogue.trustedUntil());
			return left.isNegative() ? 0 : left.toNanos();
		}

		@Override
		public long expireAfterUpdate(CredentialKey key, Catalogue catalogue, long currentTime, long currentDuration) {
			return expireAfterCreate(key, catalogue, currentTime);
		}

		@Override
		public long expireAfterRead(CredentialKey key, Catalogue catalogue, long currentTime, long currentDuration) {
			return currentDuration;
		}
	}
}
