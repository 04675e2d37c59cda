package dev.playgate.gateway.purge;

import java.time.Clock;
import java.util.List;

import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.shared.SharedTier;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Purges a video on every replica: at once in this process (every {@link dev.playgate.gateway.credential.VideoPurgeable}
 * holder), then in L2 (the video's generation advances, so no fill claimed before can store it) and in the fleet's
 * purge stream, which every other replica follows. Without Redis the purge is local only. When Redis does not answer,
 * the purge still takes effect here at once and is kept in {@link PendingPurges} until it can be published: the caller
 * is never made to wait for Redis beyond one command timeout.
 */
public final class FleetPurge {

	private static final Logger log = LoggerFactory.getLogger(FleetPurge.class);

	private final LocalPurge local;
	private final @Nullable SharedTier shared;
	private final @Nullable PurgeStream stream;
	private final PendingPurges pending;
	private final PurgeMetrics metrics;
	private final Clock clock;
	private final String origin;

	FleetPurge(LocalPurge local, @Nullable SharedTier shared, @Nullable PurgeStream stream, PendingPurges pending,
			PurgeMetrics metrics, Clock clock, String origin) {
		this.local = local;
		this.shared = shared;
		this.stream = stream;
		this.pending = pending;
		this.metrics = metrics;
		this.clock = clock;
		this.origin = origin;
		metrics.monitorPending(pending::size);
	}

	/** A purge that acts in this process only (single-node mode): on {@code holders}. */
	public static FleetPurge local(List<VideoPurgeable> holders, MeterRegistry registry, Clock clock) {
		return new FleetPurge(new LocalPurge(holders), null, null, new PendingPurges(1), new PurgeMetrics(registry),
				clock, "local");
	}

	/** Purges the video here now, then for the fleet; completes once published or set aside, never with an error. */
	public Mono<Void> purge(VideoId videoId, PurgeSource source) {
		return Mono.defer(() -> {
			local.purge(videoId);
			metrics.purged(source);
			if (stream == null) {
				return Mono.<Void>empty();
			}
			return publish(videoId).onErrorResume(RedisException.class, unavailable -> {
				pending.add(videoId);
				log.warn("purge of {} applied here; Redis did not answer, it is published once Redis is back", videoId);
				return Mono.empty();
			});
		});
	}

	/** What every tier of this replica holds for the video (L2 included when Redis answers). */
	public Mono<List<CachedEntry>> entries(VideoId videoId) {
		List<CachedEntry> held = local.entries(videoId);
		if (shared == null) {
			return Mono.just(held);
		}
		return shared.sharedEntries(videoId)
			.map(l2 -> concat(held, l2))
			.onErrorResume(RedisException.class, unavailable -> Mono.just(held));
	}

	/** Whether purges reach other replicas (Redis is configured). */
	public boolean isFleetWide() {
		return stream != null;
	}

	/** Publishes what could not be published earlier, in order; stops at the first failure (retried later). */
	Mono<Void> publishPending() {
		List<PendingPurges.Pending> waiting = pending.snapshot();
		if (waiting.isEmpty()) {
			return Mono.empty();
		}
		return Flux.fromIterable(waiting).concatMap(item -> {
			VideoId videoId = item.videoId();
			Mono<Void> publication = videoId == null ? publishAll() : publish(videoId);
			return publication.then(Mono.fromRunnable(() -> pending.published(item)));
		}).then();
	}

	@Nullable
	PurgeStream stream() {
		return stream;
	}

	LocalPurge local() {
		return local;
	}

	/** This replica's id in the stream, so it skips its own entries. */
	String origin() {
		return origin;
	}

	private Mono<Void> publish(VideoId videoId) {
		return shared == null || stream == null ? Mono.empty()
				: shared.purgeShared(videoId).then(Mono.defer(() -> stream.publish(videoId, origin, clock.millis())))
					.then();
	}

	private Mono<Void> publishAll() {
		return stream == null ? Mono.empty() : Mono.defer(() -> stream.publish(null, origin, clock.millis())).then();
	}

	private static List<CachedEntry> concat(List<CachedEntry> a, List<CachedEntry> b) {
		List<CachedEntry> all = new java.util.ArrayList<>(a);
		all.addAll(b);
		return all;
	}
}
