package dev.playgate.gateway.purge;

import java.time.Clock;
import java.time.Duration;

import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.purge.PurgeStream.Notice;
import dev.playgate.gateway.purge.PurgeStream.Page;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * This replica's reader of the fleet's purge stream: applies every other replica's purges here, in order, from the
 * last entry it applied, so a purge published while this replica could not reach Redis is applied as soon as it can.
 *
 * <p>
 * One round at a time (rounds are serialised by {@code concatMap}; a wake-up during a round asks for exactly one more):
 * a round first publishes this replica's own purges that Redis did not take earlier, then reads pages until the end
 * of the stream. A round runs on every wake-up message (published after each entry: the fast path) and every
 * {@code poll-interval} (the bound when a wake-up is lost). Delivery is at-least-once and purges are idempotent.
 * When this replica cannot account for every entry since its last one, it drops its whole local state and carries on
 * from the newest entry: on its first read (made once before the replica serves; if Redis was unreachable then, the
 * replica may have served without it), when the oldest retained
 * entry is newer than the one after its last (it fell behind the retained length), and when the stream's counter is
 * below its last entry (Redis lost its data).
 */
final class PurgeFollower implements AutoCloseable {

	static final int PAGE = 512;

	private static final Logger log = LoggerFactory.getLogger(PurgeFollower.class);

	private final PurgeStream stream;
	private final FleetPurge fleet;
	private final LocalPurge local;
	private final PurgeMetrics metrics;
	private final Clock clock;
	private final Sinks.Many<Long> wakes = Sinks.many().multicast().directBestEffort();
	private long lastSeq = -1;
	private Disposable loop = () -> {
	};

	PurgeFollower(PurgeStream stream, FleetPurge fleet, LocalPurge local, PurgeMetrics metrics, Clock clock) {
		this.stream = stream;
		this.fleet = fleet;
		this.local = local;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** Starts following: a first round at once, then one per wake-up and per {@code pollInterval}. */
	void start(Scheduler scheduler, Duration pollInterval) {
		loop = Flux.merge(Flux.interval(Duration.ZERO, pollInterval, scheduler), wakes.asFlux())
			.onBackpressureLatest()
			.concatMap(tick -> round(), 1)
			.subscribe();
	}

	/** Asks for a round now: another replica published an entry. Called on a Redis I/O thread; cheap. */
	void wake() {
		wakes.tryEmitNext(0L);
	}

	/** The sequence number of the last entry accounted for, {@code -1} before the first read. */
	synchronized long lastSeq() {
		return lastSeq;
	}

	@Override
	public void close() {
		loop.dispose();
	}

	/** One round; never fails, so the loop never ends while the replica runs. */
	Mono<Void> round() {
		return fleet.publishPending()
			.then(Mono.defer(this::readToEnd))
			.onErrorResume(RedisException.class, unavailable -> Mono.empty())
			.onErrorResume(unexpected -> {
				log.error("reading the purge stream failed; the next round tries again", unexpected);
				return Mono.empty();
			});
	}

	private Mono<Void> readToEnd() {
		return stream.read(lastSeq(), PAGE).flatMap(page -> apply(page) ? readToEnd() : Mono.empty());
	}

	/** Applies one page; whether another page may follow. */
	private synchronized boolean apply(Page page) {
		if (lastSeq < 0) {
			resync("start", page);
			return false;
		}
		if (page.current() < lastSeq) {
			resync("reset", page);
			return false;
		}
		boolean missed = page.current() > lastSeq && (page.oldest() < 0 || page.oldest() > lastSeq + 1);
		if (missed) {
			resync("behind", page);
			return false;
		}
		for (Notice notice : page.notices()) {
			if (notice.seq() > lastSeq) {
				applyOne(notice);
				lastSeq = notice.seq();
			}
		}
		return page.notices().size() == PAGE;
	}

	private void applyOne(Notice notice) {
		if (notice.origin().equals(fleet.origin())) {
			return;
		}
		if (notice.isAll()) {
			local.purgeAll();
			metrics.resynced("fleet");
		}
		else if (VideoId.isWellFormed(notice.video())) {
			local.purge(new VideoId(notice.video()));
			metrics.purged(PurgeSource.FLEET);
		}
		metrics.lag(Duration.ofMillis(clock.millis() - notice.publishedAtMillis()));
	}

	private void resync(String reason, Page page) {
		local.purgeAll();
		metrics.resynced(reason);
		if (!"start".equals(reason)) {
			log.warn("purge stream: cannot tell which purges were missed ({}); dropped every local entry", reason);
		}
		lastSeq = page.current();
	}
}
