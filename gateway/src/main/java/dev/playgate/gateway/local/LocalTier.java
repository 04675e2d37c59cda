package dev.playgate.gateway.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.EpochNanos;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.SharedLoad;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.purge.VideoGenerations;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The in-process tier: a Caffeine {@link AsyncCache} of credentials, bounded by bytes, in front of the next tier.
 *
 * <p>
 * The map holds one future per key, completed or still loading.
 * <ul>
 * <li>A completed entry with at least the request's {@code minValidity} left is served ({@code HIT}, or
 * {@code STALE} once a refresh-ahead has failed). Past its refresh point it also asks {@link RefreshAhead} to renew
 * it in the background; the old entry keeps being served until the new one replaces it.</li>
 * <li>A missing, expired or failed entry is replaced by a new load with {@code compute}: the caller whose future wins
 * starts the load and is told what the next tier said ({@code MISS} when it went upstream); every caller that finds a
 * load in flight waits for the same future ({@code COALESCED}).</li>
 * <li>An entry still valid but not valid enough for this request stays in place, serving every request it
 * satisfies: the demanding request's load is held beside the map (shared by the demanding requests of that key) and
 * replaces the entry only when it succeeds. One demanding request during a VOD outage must not cost everyone the
 * credential they could still use.</li>
 * <li>Every path that hands out a credential (the loader's own, a coalesced wait, a demanding load) checks the
 * request's {@code minValidity}: what the next tier answered may have less left than this request needs.</li>
 * <li>The load is started through {@code toFuture()}, owned by nobody but the future in the map, and each caller
 * waits through {@code SharedLoad.join(future)}: a caller that disconnects stops waiting without cancelling
 * the load for the others.</li>
 * <li>A failed load completes its future exceptionally; Caffeine then removes it, so failures are never cached
 * (negative answers are remembered by {@link NegativeCache}, in front of this tier).</li>
 * <li>Entries expire at their {@code expiresAt}: nothing unusable lingers, and the byte bound evicts the coldest.</li>
 * <li>A purge of a video removes its entries, loads in flight included, so later requests load anew; a load or a
 * refresh that was in flight during the purge is fenced by {@link VideoGenerations} (stamped before it asks the next
 * tier, checked once its entry is in place, removed when stale), so it never puts the purged answer back.</li>
 * </ul>
 */
public final class LocalTier implements CredentialSource, VideoPurgeable, AutoCloseable {

	private static final String TIER = "local";
	/**
	 * One hit in this many, at random, is read through the cache's recorded path (its eviction policy moves the
	 * entry, counts its frequency and, with per-entry expiry, relinks it in the timer wheel); the others are read
	 * quietly and only counted in the statistics.
	 */
	static final int RECORDED_HIT_SAMPLE = 16;

	private final AsyncCache<CredentialKey, LocalEntry> cache;
	private final Policy<CredentialKey, LocalEntry> policy;
	private final StatsCounter stats = new ConcurrentStatsCounter();
	private final ConcurrentMap<CredentialKey, CompletableFuture<LocalEntry>> entries;
	private final ConcurrentMap<CredentialKey, CompletableFuture<Served>> demanding = new ConcurrentHashMap<>();
	private final CredentialSource next;
	private final Clock clock;
	private final RefreshSchedule schedule;
	private final RefreshAhead refreshAhead;
	private final LocalTierMetrics metrics;
	private final VideoGenerations generations;

	private LocalTier(CredentialSource next, CacheProperties properties, Clock clock, Ticker ticker,
			LocalTierMetrics metrics, VideoGenerations generations) {
		this.next = next;
		this.generations = generations;
		this.clock = clock;
		this.schedule = RefreshSchedule.from(properties);
		this.metrics = metrics;
		this.cache = Caffeine.newBuilder()
			// maintenance (draining the read and write buffers, eviction, expiry) runs on the thread that triggers it,
			// under Caffeine's own tryLock, rather than being handed to ForkJoinPool.commonPool(): a hit on the event
			// loop then never pays a task submission and a worker wake-up, and the work is the same wherever it runs
			.executor(Runnable::run)
			.ticker(ticker)
			.maximumWeight(properties.maxSize().toBytes())
			.weigher((CredentialKey key, LocalEntry entry) -> entry.weight())
			.expireAfter(new UntilExpiry(clock))
			.recordStats(() -> stats)
			.buildAsync();
		this.entries = cache.asMap();
		this.policy = cache.synchronous().policy();
		this.refreshAhead = new RefreshAhead(next, entries, schedule, clock, metrics, generations);
		metrics.monitor(cache);
		metrics.monitor(refreshAhead);
	}

	/** The local tier in front of {@code next}, fenced against purges by {@code generations}. */
	public static LocalTier of(CredentialSource next, CacheProperties properties, Clock clock, Ticker ticker,
			LocalTierMetrics metrics, VideoGenerations generations) {
		return new LocalTier(next, properties, clock, ticker, metrics, generations);
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		CompletableFuture<LocalEntry> current = entries.get(request.key());
		if (current == null || current.isCompletedExceptionally()) {
			return load(request, current);
		}
		LocalEntry entry = current.getNow(null);
		if (entry == null) {
			return await(current, request);
		}
		long now = EpochNanos.of(clock.instant());
		Served hit = hit(current, entry, request, now);
		if (hit != null) {
			return Mono.just(hit);
		}
		return entry.credential().isUsableFor(Duration.ZERO, now) ? loadBeside(request, current)
				: load(request, current);
	}

	/**
	 * The hit {@link #fetch} would serve, when a completed entry has the request's validity left; else nothing.
	 *
	 * <p>
	 * Why most hits are read quietly: every recorded read is replayed in Caffeine's maintenance, which moves the entry
	 * in its access order and, with per-entry expiry, unlinks and relinks it in the timer wheel. Over a million
	 * entries those are writes into old nodes all over the heap: cache misses, and cards for G1 to refine, costing a
	 * hit more than the lookup itself. A random sample of {@value #RECORDED_HIT_SAMPLE}th of the hits keeps the
	 * eviction policy's view of what is hot (its frequency counters saturate at 15, and Caffeine already drops reads
	 * when its buffers are full); every hit is still counted in the statistics (which this tier keeps itself: reads
	 * through the map view are not counted by Caffeine). An entry due for a refresh-ahead is
	 * read through the recorded path, which also gives the future the refresh must replace.
	 */
	@Override
	public @Nullable Served servedAtOnce(CredentialRequest request) {
		LocalEntry quiet = policy.getIfPresentQuietly(request.key());
		if (quiet == null) {
			return null;
		}
		long now = EpochNanos.of(clock.instant());
		boolean recorded = quiet.isDueForRefresh(now)
				|| ThreadLocalRandom.current().nextInt(RECORDED_HIT_SAMPLE) == 0;
		if (!recorded) {
			return hit(null, quiet, request, now);
		}
		CompletableFuture<LocalEntry> current = entries.get(request.key());
		if (current == null || !current.isDone() || current.isCompletedExceptionally()) {
			return null;
		}
		LocalEntry entry = current.getNow(null);
		return entry == null ? null : hit(current, entry, request, now);
	}

	/**
	 * {@code entry} served as a hit ({@code STALE} once a refresh-ahead failed) when it has the request's
	 * {@code minValidity} left at {@code now}, starting a background refresh when it is past its refresh point; else
	 * {@code null}. One place for both paths to a hit, so they cannot disagree.
	 */
	private @Nullable Served hit(@Nullable CompletableFuture<LocalEntry> current, LocalEntry entry,
			CredentialRequest request, long now) {
		Credential credential = entry.credential();
		if (!credential.isUsableFor(request.minValidity(), now)) {
			return null;
		}
		if (current != null && entry.isDueForRefresh(now)) {
			refreshAhead.consider(current, entry, now);
		}
		stats.recordHits(1);
		return new Served(credential, entry.hasRefreshFailed() ? CacheStatus.STALE : CacheStatus.HIT);
	}

	/** Performs pending maintenance (expiry, eviction) now; for tests and metrics. */
	public void cleanUp() {
		cache.synchronous().cleanUp();
	}

	/** The bytes the held entries count against {@code playgate.cache.max-size}. */
	public long weightedSize() {
		return cache.synchronous().policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	/** How many entries are held (completed or loading). */
	public long size() {
		return cache.synchronous().estimatedSize();
	}

	@Override
	public void purge(VideoId videoId) {
		generations.advance(videoId);
		entries.keySet().removeIf(CredentialKey.forVideo(videoId));
	}

	@Override
	public void purgeAll() {
		generations.advanceAll();
		entries.clear();
	}

	@Override
	public List<CachedEntry> entries(VideoId videoId) {
		List<CachedEntry> held = new ArrayList<>();
		Predicate<CredentialKey> ofVideo = CredentialKey.forVideo(videoId);
		for (Map.Entry<CredentialKey, CompletableFuture<LocalEntry>> entry : entries.entrySet()) {
			if (ofVideo.test(entry.getKey())) {
				LocalEntry local = entry.getValue().isDone() && !entry.getValue().isCompletedExceptionally()
						? entry.getValue().getNow(null) : null;
				held.add(local == null ? new CachedEntry(TIER, entry.getKey().canonical(), null, null, false, "loading")
						: CachedEntry.credential(TIER, local.credential()));
			}
		}
		return held;
	}

	/** Stops background refreshes; called on shutdown. */
	@Override
	public void close() {
		refreshAhead.close();
	}

	private Mono<Served> load(CredentialRequest request, @Nullable CompletableFuture<LocalEntry> replaced) {
		VideoGenerations.Stamp stamp = generations.stamp(request.key());
		CompletableFuture<LocalEntry> loading = new CompletableFuture<>();
		CompletableFuture<LocalEntry> winner = entries.compute(request.key(),
				(key, present) -> present == null || present == replaced ? loading : present);
		if (winner != loading) {
			return await(winner, request);
		}
		stats.recordMisses(1);
		CompletableFuture<Served> outcome = next.fetch(request).toFuture();
		outcome.whenComplete((served, error) -> {
			if (error != null) {
				loading.completeExceptionally(error);
				return;
			}
			try {
				settle(request.key(), loading, LocalEntry.of(served.credential(), schedule), stamp);
			}
			catch (RuntimeException failure) {
				loading.completeExceptionally(failure);
			}
		});
		return SharedLoad.join(loading)
			.flatMap(entry -> ifValidEnough(new Served(entry.credential(), outcome.join().status()), request));
	}

	/**
	 * Puts a completed load's {@code entry}, its own completed future, in the place of {@code loading} before anyone
	 * is answered (a request that follows the answer finds a HIT, and later hits read no future), then completes
	 * {@code loading} for the requests waiting on it; an entry loaded across a purge is removed again.
	 */
	private void settle(CredentialKey key, CompletableFuture<LocalEntry> loading, LocalEntry entry,
			VideoGenerations.Stamp stamp) {
		// when the replace finds no loading future, a purge removed it: the entry was never put, nothing to remove
		entries.replace(key, loading, entry);
		loading.complete(entry);
		if (!generations.isCurrent(stamp)) {
			entries.remove(key, entry);
		}
	}

	/**
	 * Loads a credential for a request that wants more validity than the entry in place has left, while that entry
	 * keeps serving everyone it satisfies: the load is held beside the map (demanding requests for the key share it)
	 * and replaces the entry only once it succeeded, with a credential that lives longer. A failed demanding load
	 * leaves the entry as it was.
	 */
	private Mono<Served> loadBeside(CredentialRequest request, CompletableFuture<LocalEntry> current) {
		CredentialKey key = request.key();
		CompletableFuture<Served> loading = new CompletableFuture<>();
		CompletableFuture<Served> winner = demanding.putIfAbsent(key, loading);
		if (winner != null) {
			metrics.coalesced(key.action());
			return SharedLoad.join(winner)
				.flatMap(served -> ifValidEnough(new Served(served.credential(), CacheStatus.COALESCED), request));
		}
		next.fetch(request).toFuture().whenComplete((served, error) -> {
			if (error == null) {
				install(current, served);
			}
			demanding.remove(key, loading);
			if (error == null) {
				loading.complete(served);
			}
			else {
				loading.completeExceptionally(error);
			}
		});
		return SharedLoad.join(loading).flatMap(served -> ifValidEnough(served, request));
	}

	/** Puts a demanding load's credential in place of {@code replaced}, unless something newer took its place. */
	private void install(CompletableFuture<LocalEntry> replaced, Served served) {
		LocalEntry loaded = LocalEntry.of(served.credential(), schedule);
		entries.compute(served.credential().key(), (key, present) -> {
			if (present == null || present == replaced || present.isCompletedExceptionally()) {
				return loaded;
			}
			LocalEntry held = present.getNow(null);
			boolean outlives = held != null
					&& served.credential().expiresAtNanos() > held.credential().expiresAtNanos();
			return outlives ? loaded : present;
		});
	}

	private Mono<Served> await(CompletableFuture<LocalEntry> inFlight, CredentialRequest request) {
		metrics.coalesced(request.key().action());
		return SharedLoad.join(inFlight)
			.flatMap(entry -> ifValidEnough(new Served(entry.credential(), CacheStatus.COALESCED), request));
	}

	/** {@code served}, or a refusal when it has less than the request's {@code minValidity} left. */
	private Mono<Served> ifValidEnough(Served served, CredentialRequest request) {
		if (served.credential().isUsableFor(request.minValidity(), clock.instant())) {
			return Mono.just(served);
		}
		return Mono.error(new UpstreamBusyException("no credential with the requested validity is available yet",
				Duration.ofSeconds(1)));
	}

	/** Expires each entry when its credential stops working. */
	private record UntilExpiry(Clock clock) implements Expiry<CredentialKey, LocalEntry> {

		@Override
		public long expireAfterCreate(CredentialKey key, LocalEntry entry, long currentTime) {
			long left = entry.credential().remainingNanosAt(EpochNanos.of(clock.instant()));
			return Math.max(0, left);
		}

		@Override
		public long expireAfterUpdate(CredentialKey key, LocalEntry entry, long currentTime, long currentDuration) {
			return expireAfterCreate(key, entry, currentTime);
		}

		@Override
		public long expireAfterRead(CredentialKey key, LocalEntry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}
	}
}
