package dev.playgate.gateway.local;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.EpochNanos;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.purge.VideoGenerations;
import reactor.core.Disposable;

/**
 * Background renewal of entries that are still being read and have passed their refresh point. Only reads trigger
 * it, so cold keys are left to expire. At most one refresh per key runs at a time, and a bounded number overall; each
 * asks the next tier with {@link Priority#REFRESH}, which the upstream budget grants only from spare permits. The old
 * entry stays in place until the new one replaces it; when a refresh fails the entry is marked so it is served as
 * {@code STALE} and retried no sooner than {@link #RETRY_AFTER_FAILURE} later.
 */
final class RefreshAhead implements AutoCloseable {

	/** How long after a failed refresh the next read may try again. */
	static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

	/** The most refreshes in flight at once, so a wave of due keys cannot pile up work. */
	static final int MAX_IN_FLIGHT = 256;

	private static final Disposable STARTING = () -> {
	};

	private final CredentialSource next;
	private final ConcurrentMap<CredentialKey, CompletableFuture<LocalEntry>> entries;
	private final RefreshSchedule schedule;
	private final Clock clock;
	private final LocalTierMetrics metrics;
	private final VideoGenerations generations;
	private final ConcurrentMap<CredentialKey, Disposable> inFlight = new ConcurrentHashMap<>();

	RefreshAhead(CredentialSource next, ConcurrentMap<CredentialKey, CompletableFuture<LocalEntry>> entries,
			RefreshSchedule schedule, Clock clock, LocalTierMetrics metrics, VideoGenerations generations) {
		this.generations = generations;
		this.next = next;
		this.entries = entries;
		this.schedule = schedule;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Starts a refresh of {@code entry}, held in the map as {@code current}, unless one is running or too recent;
	 * {@code nowNanos} in epoch nanos.
	 */
	void consider(CompletableFuture<LocalEntry> current, LocalEntry entry, long nowNanos) {
		if (entry.hasRefreshFailed() && nowNanos < entry.refreshFailedAtNanos() + RETRY_AFTER_FAILURE.toNanos()) {
			return;
		}
		CredentialKey key = entry.credential().key();
		if (inFlight.size() >= MAX_IN_FLIGHT || inFlight.putIfAbsent(key, STARTING) != null) {
			return;
		}
		CredentialRequest request = new CredentialRequest(key, schedule.refreshedValidity(entry.credential()),
				Priority.REFRESH);
		VideoGenerations.Stamp stamp = generations.stamp(key);
		Disposable refresh = next.fetch(request)
			.doFinally(signal -> inFlight.remove(key))
			.subscribe(served -> replace(current, served, stamp), error -> markFailed(current, entry));
		inFlight.replace(key, STARTING, refresh);
	}

	/** How many refreshes are running. */
	int inFlight() {
		return inFlight.size();
	}

	@Override
	public void close() {
		inFlight.values().forEach(Disposable::dispose);
		inFlight.clear();
	}

	private void replace(CompletableFuture<LocalEntry> current, Served served, VideoGenerations.Stamp stamp) {
		CredentialKey key = served.credential().key();
		LocalEntry renewed = LocalEntry.of(served.credential(), schedule);
		entries.computeIfPresent(key, (k, present) -> present == current ? renewed : present);
		if (!generations.isCurrent(stamp)) {
			// purged while the refresh was in flight: what it read may be what the purge dropped
			entries.remove(key, renewed);
		}
		metrics.refreshed(key.action(), served.status());
	}

	private void markFailed(CompletableFuture<LocalEntry> current, LocalEntry entry) {
		CredentialKey key = entry.credential().key();
		LocalEntry marked = entry.refreshFailed(EpochNanos.of(clock.instant()));
		entries.computeIfPresent(key, (k, present) -> present == current ? marked : present);
		metrics.refreshFailed(key.action());
	}
}
