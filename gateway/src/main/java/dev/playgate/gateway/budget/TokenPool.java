package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.ClusterBucket.Grant;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.UpstreamBusyException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * This replica's permits for one action, fetched from the cluster bucket, and the player-facing calls queued for them.
 *
 * <p>
 * Players queue in arrival order, at most {@code rate * max-wait} of them (more could not be served in time even with
 * the whole cluster's rate) and each for at most {@code playgate.upstream.max-wait}. While anyone queues, exactly one
 * fetch is in flight or scheduled: it asks for as many permits as there are waiters (up to {@code batch}), hands them
 * out, and if waiters remain, waits for the time Redis said {@code want} permits would take before asking again; so
 * under contention the replicas take turns without polling. Permits nobody takes within {@code token-validity} of
 * their arrival are dropped, so a replica can never save permits up and spend them in a burst. Refreshes never queue:
 * they get a permit only if one is lying unused or the bucket has spare burst right now. Decisions are made under this
 * pool's lock; waiters are completed outside it.
 */
final class TokenPool {

	private static final Duration MIN_RETRY = Duration.ofMillis(1);

	private final Action action;
	private final ClusterBucket bucket;
	private final Ticker ticker;
	private final Scheduler scheduler;
	private final double permitsPerSecond;
	private final int batch;
	private final long validityNanos;
	private final Duration maxWait;
	private final int maxQueue;

	private final ArrayDeque<MonoSink<Void>> players = new ArrayDeque<>();
	private int tokens;
	private long tokensExpireAt;
	private boolean fetching;
	private volatile double factor = 1;

	TokenPool(Action action, ClusterBucket bucket, Ticker ticker, Scheduler scheduler, BudgetPolicy policy,
			ClusterBudgetProperties properties) {
		this.action = action;
		this.bucket = bucket;
		this.ticker = ticker;
		this.scheduler = scheduler;
		this.permitsPerSecond = policy.permitsPerSecond();
		this.batch = properties.batch();
		this.validityNanos = properties.tokenValidity().toNanos();
		this.maxWait = policy.maxWait();
		this.maxQueue = (int) Math.max(1, Math.ceil(permitsPerSecond * maxWait.toMillis() / 1000.0));
	}

	/** The rate in force across the cluster, as last seen in Redis. */
	double rate() {
		return permitsPerSecond * factor;
	}

	void factor(double current) {
		factor = current;
	}

	Mono<Void> acquirePlayer() {
		return Mono.<Void>create(this::admit).timeout(maxWait, Mono.defer(() -> Mono.error(busy())), scheduler);
	}

	private void admit(MonoSink<Void> sink) {
		int want = 0;
		boolean granted = false;
		boolean refused = false;
		synchronized (this) {
			if (players.isEmpty() && takeToken()) {
				granted = true;
			}
			else if (players.size() >= maxQueue) {
				refused = true;
			}
			else {
				players.addLast(sink);
				sink.onCancel(() -> leave(sink));
				want = startFetch();
			}
		}
		if (granted) {
			sink.success();
		}
		else if (refused) {
			sink.error(busy());
		}
		else if (want > 0) {
			fetch(want);
		}
	}

	private synchronized void leave(MonoSink<Void> sink) {
		players.remove(sink);
	}

	/** Marks a fetch as started and says how many permits it asks for; 0 when one is already on its way. */
	private int startFetch() {
		if (fetching || players.isEmpty()) {
			return 0;
		}
		fetching = true;
		return Math.min(batch, players.size());
	}

	private boolean takeToken() {
		if (tokens > 0 && ticker.read() - tokensExpireAt <= 0) {
			tokens--;
			return true;
		}
		tokens = 0;
		return false;
	}

	private void fetch(int want) {
		bucket.take(action, want, false).subscribe(this::onGrant, this::onFailure);
	}

	private void onGrant(Grant grant) {
		factor = grant.factor();
		List<MonoSink<Void>> served = new ArrayList<>();
		int want;
		synchronized (this) {
			fetching = false;
			tokens = grant.granted();
			tokensExpireAt = ticker.read() + validityNanos;
			while (!players.isEmpty() && takeToken()) {
				served.add(players.pollFirst());
			}
			want = startFetch();
		}
		served.forEach(MonoSink::success);
		if (want > 0 && grant.granted() > 0 && grant.nextIn().isZero()) {
			fetch(want);
		}
		else if (want > 0) {
			// never ask again sooner than a millisecond after a refusal: rounding must not turn into a busy loop
			Duration delay = grant.nextIn().compareTo(MIN_RETRY) < 0 ? MIN_RETRY : grant.nextIn();
			scheduler.schedule(this::fetchAgain, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** The delayed next fetch: asks for the players still queued, if any. */
	private void fetchAgain() {
		int want;
		synchronized (this) {
			fetching = false;
			want = startFetch();
		}
		if (want > 0) {
			fetch(want);
		}
	}

	/** Redis failed: every queued player falls back to the local share (see the budget). */
	private void onFailure(Throwable failure) {
		List<MonoSink<Void>> failed;
		synchronized (this) {
			fetching = false;
			failed = new ArrayList<>(players);
			players.clear();
		}
		failed.forEach(sink -> sink.error(failure));
	}

	Mono<Void> acquireRefresh() {
		return Mono.defer(() -> {
			synchronized (this) {
				if (players.isEmpty() && takeToken()) {
					return Mono.empty();
				}
				if (!players.isEmpty() || fetching) {
					return Mono.error(busy());
				}
			}
			return bucket.take(action, 1, true).flatMap(grant -> {
				factor = grant.factor();
				return grant.granted() > 0 ? Mono.empty() : Mono.error(busy());
			});
		});
	}

	/** The refusal, with a Retry-After from the queue ahead at the rate in force (whole seconds, at least one). */
	private UpstreamBusyException busy() {
		int queued;
		synchronized (this) {
			queued = players.size();
		}
		long seconds = (long) Math.ceil((queued + 1) / Math.max(rate(), 1e-3));
		return new UpstreamBusyException("upstream call budget exhausted",
				Duration.ofSeconds(Math.max(1, Math.min(seconds, 60))));
	}
}
