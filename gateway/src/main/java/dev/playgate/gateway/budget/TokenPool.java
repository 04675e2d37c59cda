package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.ClusterBucket.Grant;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
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
 * pool's lock; waiters are completed outside it. A player ends its wait once, whichever comes first of its permit,
 * its wait bound and its caller going away (see {@link PermitWaiter}): a permit taken for a player who is gone by the
 * time it is handed over goes back to the pool, to the next player in turn. The pool's own refusals (the queue full,
 * the wait too long, no spare permit for a refresh) are counted in {@code playgate.budget.rejections}; a Redis
 * failure is no refusal (the players fall back to the local share).
 *
 * <p>
 * Why the pool cannot wedge: "a fetch is on its way" is a flag with a deadline (the send delay plus
 * {@code max-wait}), not a bare flag. Every ending of a fetch (a grant, an error, an empty reply, a failure to build
 * the command) reaches one callback that settles it, a player whose subscriber throws cannot stop the others being
 * completed, and if an answer is lost anyway the first arrival after the deadline starts a new fetch. Whatever the
 * bucket did not answer counts as a Redis failure, so the players fall back to the local share.
 *
 * <p>
 * Fetching ahead ({@link #expect}): a miss about to ask the shared tier whether it must fill says so first, and the
 * pool then fetches one permit in parallel with that round trip, so a miss that does fill waits only for what is left
 * of it rather than for a second round trip. It is an ordinary fetch (the same flag, deadline and callback): a player
 * arriving while it is on its way queues and is served by its grant, a Redis failure reaches only the players queued,
 * and the permit, if nobody takes it, is dropped after {@code token-validity} like any other. It is made only when
 * nobody queues, no permit is in hand and no fetch is on its way, and only while the bucket had room at its last
 * answer (it granted all that was asked and said as much again was available at once), so while the budget is the
 * limit nothing is taken ahead of the players who queue for it. Most misses of a fleet turn out L2 hits or waits for
 * another replica's fill and need no permit, and a permit fetched ahead and dropped unused is one the whole cluster
 * lost, so each one turns fetching ahead off: for one second after it expired, doubling while they keep going unused
 * up to {@value #MAX_AHEAD_BACKOFF_SECONDS} seconds; once a permit fetched ahead is used, or a player has to queue for
 * a fetch of its own (misses fill again), the next back-off is one second and the one in force ends at most a second
 * later. Every permit dropped unused is thus followed by at least a second without fetching ahead, so the waste is at
 * most one permit per (1 s + {@code token-validity}) per replica and action, under one per second however misses and
 * hits interleave (0.98/s with the default 20 ms validity), and one per {@value #MAX_AHEAD_BACKOFF_SECONDS} seconds
 * while the misses never fill. Counted in
 * {@code playgate.budget.cluster.permits}: {@code outcome=ahead} (permits fetched ahead) and
 * {@code outcome=expired-unused} (those dropped unused).
 */
final class TokenPool {

	private static final Logger log = LoggerFactory.getLogger(TokenPool.class);

	private static final Duration MIN_RETRY = Duration.ofMillis(1);

	private static final long AHEAD_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final int MAX_AHEAD_BACKOFF_SECONDS = 16;

	private final Action action;
	private final Bucket bucket;
	private final Ticker ticker;
	private final Scheduler scheduler;
	private final double permitsPerSecond;
	private final int batch;
	private final long validityNanos;
	private final Duration maxWait;
	private final int maxQueue;

	private final Counter playerRejections;
	private final Counter refreshRejections;
	private final Counter fetchedAhead;
	private final Counter droppedAhead;

	private final ArrayDeque<Player> players = new ArrayDeque<>();
	private int tokens;
	private long tokensExpireAt;
	private boolean fetching;
	private long fetchId;
	private long fetchDeadline;
	private volatile double factor = 1;

	// fetching ahead: the last ahead fetch, whether the tokens in hand are its, the bucket's room at its last answer
	private long aheadId;
	private boolean tokensAhead;
	private boolean room = true;
	private boolean backingOff;
	private long aheadOffUntil;
	private long aheadBackoffNanos = AHEAD_BACKOFF_NANOS;

	TokenPool(Action action, Bucket bucket, Ticker ticker, Scheduler scheduler, BudgetPolicy policy,
			ClusterBudgetProperties properties, MeterRegistry registry) {
		this.action = action;
		this.bucket = bucket;
		this.ticker = ticker;
		this.scheduler = scheduler;
		this.permitsPerSecond = policy.permitsPerSecond();
		this.batch = properties.batch();
		this.validityNanos = properties.tokenValidity().toNanos();
		this.maxWait = policy.maxWait();
		this.maxQueue = (int) Math.max(1, Math.ceil(permitsPerSecond * maxWait.toMillis() / 1000.0));
		this.playerRejections = ActionBudget.rejections(registry, action, Priority.USER);
		this.refreshRejections = ActionBudget.rejections(registry, action, Priority.REFRESH);
		this.fetchedAhead = ClusterUpstreamBudget.permits(registry, action, Priority.USER, "ahead");
		this.droppedAhead = ClusterUpstreamBudget.permits(registry, action, Priority.USER, "expired-unused");
	}

	/** Where the permits come from: {@link ClusterBucket#take}, or a stand-in in unit tests. */
	@FunctionalInterface
	interface Bucket {

		/** Takes up to {@code want} permits for {@code action}; a refresh leaves the reserve to players. */
		Mono<Grant> take(Action action, int want, boolean refresh);
	}

	/** The rate in force across the cluster, as last seen in Redis. */
	double rate() {
		return permitsPerSecond * factor;
	}

	void factor(double current) {
		factor = current;
	}

	/**
	 * A player's permit: at once when one is in hand and nobody queues; otherwise in its turn, within
	 * {@code max-wait}. The wait's timer is armed only for a player that does wait, and only once its fetch is on
	 * its way, so arming it never delays the fetch.
	 */
	Mono<Void> acquirePlayer() {
		return Mono.defer(() -> {
			Player player = new Player();
			if (!admit(player)) {
				player.bound(maxWait, scheduler, () -> refused(playerRejections));
			}
			return player.answer();
		});
	}

	/** Grants, refuses or queues {@code player}, starting a fetch for it if none is on its way; whether it answered. */
	private boolean admit(Player player) {
		int want = 0;
		long id = 0;
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
				players.addLast(player);
				fillsAgain();
				want = startFetch(Duration.ZERO);
				id = fetchId;
			}
		}
		if (granted) {
			player.grant();
		}
		else if (refused) {
			player.refuse(refused(playerRejections));
		}
		else if (want > 0) {
			fetch(want, id);
		}
		return granted || refused;
	}

	/**
	 * Starts fetching one permit for a player who may ask within a round trip, when nobody queues, no permit is in
	 * hand, no fetch is on its way and fetching ahead is on (see the class comment); otherwise does nothing.
	 */
	void expect() {
		long id;
		synchronized (this) {
			if (!players.isEmpty() || hasToken() || isFetching() || !isAheadOn()) {
				return;
			}
			fetching = true;
			aheadId = ++fetchId;
			fetchDeadline = ticker.read() + maxWait.toNanos();
			id = fetchId;
		}
		fetch(1, id);
	}

	/** Whether the bucket had room at its last answer and no permit fetched ahead went unused too recently. */
	private boolean isAheadOn() {
		if (backingOff && ticker.read() - aheadOffUntil < 0) {
			return false;
		}
		backingOff = false;
		return room;
	}

	private synchronized void leave(Player player) {
		players.remove(player);
	}

	/**
	 * Marks a fetch as started (sent after {@code delay}) and says how many permits it asks for; 0 when one is
	 * already on its way. A fetch counts as on its way only until its deadline: whatever happens to its answer (a
	 * reply that never comes, completes empty, or a callback that throws), the next arrival after the deadline starts
	 * a new one, so the pool cannot wedge.
	 */
	private int startFetch(Duration delay) {
		if (isFetching() || players.isEmpty()) {
			return 0;
		}
		fetching = true;
		fetchId++;
		fetchDeadline = ticker.read() + delay.toNanos() + maxWait.toNanos();
		return Math.min(batch, players.size());
	}

	private boolean isFetching() {
		return fetching && ticker.read() - fetchDeadline < 0;
	}

	/** Settles fetch {@code id}; a late answer to a fetch given up after its deadline leaves the current one alone. */
	private void settle(long id) {
		if (id == fetchId) {
			fetching = false;
		}
	}

	private boolean takeToken() {
		if (!hasToken()) {
			return false;
		}
		tokens--;
		if (tokensAhead) {
			aheadBackoffNanos = AHEAD_BACKOFF_NANOS; // a permit fetched ahead was used: misses fill again
		}
		return true;
	}

	/**
	 * A player had to queue for a permit, so misses fill again: the next back-off is a second, and the one in force
	 * ends at most a second from now (never sooner than a second after the permit that started it went unused).
	 */
	private void fillsAgain() {
		aheadBackoffNanos = AHEAD_BACKOFF_NANOS;
		long soonest = ticker.read() + AHEAD_BACKOFF_NANOS;
		if (backingOff && aheadOffUntil - soonest > 0) {
			aheadOffUntil = soonest;
		}
	}

	private boolean hasToken() {
		dropExpired();
		return tokens > 0;
	}

	/** Drops the tokens in hand once expired; permits fetched ahead that nobody used turn fetching ahead off. */
	private void dropExpired() {
		if (tokens > 0 && ticker.read() - tokensExpireAt > 0) {
			if (tokensAhead) {
				droppedAhead.increment(tokens);
				backingOff = true;
				aheadOffUntil = tokensExpireAt + aheadBackoffNanos;
				aheadBackoffNanos = Math.min(2 * aheadBackoffNanos,
						TimeUnit.SECONDS.toNanos(MAX_AHEAD_BACKOFF_SECONDS));
			}
			tokens = 0;
		}
	}

	/** The timer of a permit fetched ahead and left in hand: counts it, and backs off, once it expired unused. */
	private synchronized void expireAhead() {
		dropExpired();
	}

	/**
	 * Sends fetch {@code id}. Its answer is taken through a future whose one callback sees every ending (a grant, an
	 * error, an empty reply, a failure to even build the command), so the fetch is always settled.
	 */
	private void fetch(int want, long id) {
		Mono<Grant> take;
		try {
			take = bucket.take(action, want, false);
		}
		catch (RuntimeException failure) {
			take = Mono.error(failure);
		}
		take.toFuture().whenComplete((grant, failure) -> {
			if (grant != null) {
				onGrant(grant, want, id);
			}
			else {
				onFailure(asRedisFailure(failure), id);
			}
		});
	}

	/** Whatever kept the bucket from answering is a Redis failure to the budget, which then falls back. */
	private static RedisException asRedisFailure(@Nullable Throwable failure) {
		if (failure instanceof RedisException redis) {
			return redis;
		}
		return failure == null ? new RedisException("the budget bucket gave no answer")
				: new RedisException("the budget bucket failed", failure);
	}

	private void onGrant(Grant grant, int asked, long id) {
		factor = grant.factor();
		List<Player> served;
		int want;
		long next;
		boolean ahead;
		boolean leftAhead;
		// never ask again sooner than a millisecond after a refusal: rounding must not turn into a busy loop
		Duration delay = grant.granted() > 0 && grant.nextIn().isZero() ? Duration.ZERO
				: grant.nextIn().compareTo(MIN_RETRY) < 0 ? MIN_RETRY : grant.nextIn();
		synchronized (this) {
			settle(id);
			room = grant.granted() >= asked && grant.nextIn().isZero();
			tokens = grant.granted();
			tokensExpireAt = ticker.read() + validityNanos;
			ahead = id == aheadId;
			tokensAhead = ahead;
			served = takeQueued();
			want = startFetch(delay);
			next = fetchId;
			leftAhead = tokensAhead && tokens > 0;
		}
		if (ahead) {
			fetchedAhead.increment(grant.granted());
		}
		if (leftAhead) {
			// one past the validity: a token is still good at its expiry instant
			scheduler.schedule(this::expireAhead, validityNanos + 1, TimeUnit.NANOSECONDS);
		}
		if (want > 0 && delay.isZero()) {
			fetch(want, next);
		}
		else if (want > 0) {
			scheduler.schedule(() -> fetchAgain(next), delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		serve(served);
	}

	/**
	 * The queued players that the tokens in hand serve, taken out of the queue with their tokens; a player gone whose
	 * leaving has not reached the queue yet is passed over.
	 */
	private List<Player> takeQueued() {
		List<Player> served = new ArrayList<>();
		for (Player next = players.peekFirst(); next != null; next = players.peekFirst()) {
			boolean waiting = next.isWaiting(); // read once: one that leaves after this gives its token back
			if (waiting && !takeToken()) {
				break;
			}
			players.pollFirst();
			if (waiting) {
				served.add(next);
			}
		}
		return served;
	}

	/** Grants {@code served} their permits; the permit of a player gone meanwhile goes to the next in the queue. */
	private void serve(List<Player> served) {
		while (!served.isEmpty()) {
			int unused = 0;
			for (Player player : served) {
				if (!complete(player, null)) {
					unused++;
				}
			}
			served = unused == 0 ? List.of() : giveBack(unused);
		}
	}

	/** Puts {@code unused} tokens back in hand (they keep their expiry) and takes the players they now serve. */
	private synchronized List<Player> giveBack(int unused) {
		tokens += unused;
		return takeQueued();
	}

	/** The delayed next fetch: asks for the players still queued, if any. */
	private void fetchAgain(long id) {
		int want;
		long next;
		synchronized (this) {
			settle(id);
			want = startFetch(Duration.ZERO);
			next = fetchId;
		}
		if (want > 0) {
			fetch(want, next);
		}
	}

	/** Redis failed: every queued player falls back to the local share (see the budget). */
	private void onFailure(RedisException failure, long id) {
		List<Player> failed;
		synchronized (this) {
			settle(id);
			room = false; // no answer is no room: a player's fetch turns fetching ahead on again
			failed = new ArrayList<>(players);
			players.clear();
		}
		failed.forEach(player -> complete(player, failure));
	}

	/**
	 * Completes one player, granted or failed; whether it was still waiting. A subscriber that throws must not keep
	 * the others (or the next fetch) waiting; its permit counts as handed over.
	 */
	private static boolean complete(Player player, @Nullable Throwable failure) {
		try {
			return failure == null ? player.grant() : player.refuse(failure);
		}
		catch (RuntimeException thrown) {
			log.warn("A budget waiter's subscriber failed", thrown);
			return true;
		}
	}

	Mono<Void> acquireRefresh() {
		return Mono.defer(() -> {
			synchronized (this) {
				if (players.isEmpty() && takeToken()) {
					return Mono.empty();
				}
				if (!players.isEmpty() || isFetching()) {
					return Mono.error(refused(refreshRejections));
				}
			}
			return bucket.take(action, 1, true)
				.switchIfEmpty(Mono.error(() -> asRedisFailure(null)))
				.flatMap(grant -> {
					factor = grant.factor();
					return grant.granted() > 0 ? Mono.empty() : Mono.error(refused(refreshRejections));
				});
		});
	}

	/** A refusal by this pool, counted in {@code rejections}. */
	private UpstreamBusyException refused(Counter rejections) {
		rejections.increment();
		return busy();
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

	/** A player queued for a permit. */
	private final class Player extends PermitWaiter {

		private static final long serialVersionUID = 1L;

		@Override
		void left() {
			leave(this);
		}
	}
}
