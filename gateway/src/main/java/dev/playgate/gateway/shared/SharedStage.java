package dev.playgate.gateway.shared;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.SharedLoad;
import dev.playgate.gateway.loop.ServerLoops;
import dev.playgate.gateway.shared.FillMessage.Failed;
import dev.playgate.gateway.shared.FillMessage.Filled;
import dev.playgate.gateway.shared.Leases.Claim;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The shared tier in front of {@code next}: L2, then one fill per key across the fleet.
 *
 * <p>
 * How a request proceeds, and why it cannot miss a fill or wait forever:
 * <ol>
 * <li>It joins this process's waiters for its key <em>before</em> claiming, so any fill published after the claim
 * reaches it (the pattern subscription is made once, at start-up, and re-made by Lettuce after reconnecting).</li>
 * <li>One script (one round trip) answers an L2 entry with enough validity left (HIT), or hands this request the lease
 * (it calls {@code next} and answers; one script then stores, publishes and releases, the answer not waiting for it),
 * or says how long the current lease lives. Until that script lands the lease stays held, so a request on another
 * replica in that window waits for its message (COALESCED) rather than calling {@code next}; the L2 entry itself
 * appears only when it lands.
 * </li>
 * <li>The holder renews its short lease while its call runs (see {@link Leases}); a holder that dies stops, and its
 * lease lapses within {@code lease-lapse}.</li>
 * <li>A waiter sleeps until a message for its key or until the lease would have expired, whichever is first. A fill
 * good enough for it answers it (COALESCED); a player-facing holder's failure is shared, as in-process coalescing
 * would; anything else (a give-up, a fill too short for it, a timeout, a dropped pub/sub link) sends it back to
 * claim, where it either finds the entry, takes over the expired lease, or waits again.</li>
 * <li>All waiting is bounded by {@code max-coalesce-wait}; past it the request calls {@code next} itself.</li>
 * </ol>
 * A purge of the video between a holder's claim and its fill makes the fill store nothing (the claim handed it the
 * video's generation, the fill script compares it) and sends its waiters back to claim, so an answer read from VOD
 * before the purge never reaches L2 after it. The holder's load is detached from its caller
 * ({@link SharedLoad#join}), so a client that goes away does not leave the key's waiters without a fill. Any Redis failure sends the request straight to {@code next}: the
 * lease is an efficiency measure, never needed for correctness, and the upstream budget still bounds the calls.
 */
final class SharedStage implements CredentialSource {

	private static final Logger log = LoggerFactory.getLogger(SharedStage.class);

	private static final Duration EXPIRY_SLACK = Duration.ofMillis(5);

	private final CredentialSource next;
	private final Leases leases;
	private final Waiters waiters;
	private final SharedMeters meters;
	private final LeaseTokens tokens;
	private final Clock clock;
	private final Ticker ticker;
	private final Scheduler scheduler;
	private final Duration maxWait;
	private final UpstreamBudget budget;
	private final ServerLoops loops = ServerLoops.of();

	/**
	 * The stage in front of {@code next}, claiming through {@code leases}, waiting among this process's
	 * {@code waiters} for at most {@code maxWait}, its waits timed on {@code scheduler}; a player's miss tells
	 * {@code budget} a permit may be asked for before it claims, so a budget in Redis fetches it during the claim.
	 */
	SharedStage(CredentialSource next, Leases leases, Waiters waiters, SharedMeters meters, LeaseTokens tokens,
			Clock clock, Ticker ticker, Scheduler scheduler, Duration maxWait, UpstreamBudget budget) {
		this.next = next;
		this.leases = leases;
		this.waiters = waiters;
		this.meters = meters;
		this.tokens = tokens;
		this.clock = clock;
		this.ticker = ticker;
		this.scheduler = scheduler;
		this.maxWait = maxWait;
		this.budget = budget;
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		return Mono.defer(() -> attempt(request, null));
	}

	private Mono<Served> attempt(CredentialRequest request, @Nullable Wait wait) {
		String token = tokens.next();
		Waiters.Ticket ticket = waiters.join(request.key());
		if (wait == null && request.priority() == Priority.USER) {
			budget.expect(request.key().action()); // a refresh must not take a permit it may not need
		}
		return leases.claim(request, token).flatMap(claim -> {
			if (wait == null) {
				countL2(claim);
			}
			if (claim instanceof Claim.Held held) {
				return await(request, ticket, held.remaining(), wait == null ? new Wait() : wait);
			}
			ticket.leave();
			if (claim instanceof Claim.Hit hit) {
				return fromL2(request, hit.entry(), wait);
			}
			if (claim instanceof Claim.Leased leased) {
				return fill(request, token, leased.generation(), wait);
			}
			return withoutRedis(request, wait);
		}).doFinally(signal -> ticket.leave());
	}

	private void countL2(Claim claim) {
		if (claim instanceof Claim.Hit) {
			meters.hit();
		}
		else if (!(claim instanceof Claim.Unavailable)) {
			meters.miss();
		}
	}

	private Mono<Served> fromL2(CredentialRequest request, byte[] entry, @Nullable Wait wait) {
		Credential credential = EntryCodec.decode(request.key(), entry, 0);
		if (credential == null || !credential.isUsableFor(request.minValidity(), clock.instant())) {
			// written by another format version: ask upstream
			return next.fetch(request);
		}
		if (wait == null) {
			return Mono.just(new Served(credential, CacheStatus.HIT));
		}
		wait.end("filled");
		return Mono.just(new Served(credential, CacheStatus.COALESCED));
	}

	private Mono<Served> fill(CredentialRequest request, String token, byte[] generation, @Nullable Wait wait) {
		if (wait != null && wait.timedOut) {
			meters.takeover();
			wait.end("takeover");
		}
		else if (wait != null) {
			wait.end("claimed");
		}
		// the answer does not wait for the fill's round trip: until the fill lands the lease stays held, so a request
		// elsewhere in that window waits for the fill's message rather than calling VOD again
		Mono<Served> call = next.fetch(request)
			.doOnNext(served -> store(served.credential(), token, generation))
			.onErrorResume(failure -> leases.abandon(request.key(), token, FillMessage.encodeFailure(request, failure))
				.then(Mono.error(failure)));
		// the lease is renewed for as long as the call runs: the first signal of the call ends the renewals
		Mono<Served> load = Flux.merge(call, leases.keepAlive(request.key(), token).then(Mono.<Served>empty())).next();
		return SharedLoad.join(load.toFuture());
	}

	/**
	 * Fills L2 and wakes the key's waiters, detached from the answer. {@link Leases#fill} fails open on Redis errors;
	 * anything else is logged here, and the lease, no longer renewed, lapses within {@code lease-lapse}. On an event
	 * loop the fill is sent in the loop's next task, so the answer, written in this one, leaves first.
	 */
	private void store(Credential credential, String token, byte[] generation) {
		Runnable fill = () -> Mono.defer(() -> leases.fill(credential, token, generation))
			.subscribe(null, failure -> log.warn("Filling L2 for {} failed", credential.key().canonical(), failure));
		EventLoop loop = loops.current();
		if (loop != null) {
			loop.execute(fill);
		}
		else {
			fill.run();
		}
	}

	private Mono<Served> await(CredentialRequest request, Waiters.Ticket ticket, Duration leaseLeft, Wait wait) {
		Duration left = wait.remaining();
		if (left.isNegative() || left.isZero()) {
			ticket.leave();
			wait.end("gave-up");
			return next.fetch(request);
		}
		// waking a little after the lease expired finds it free; waking a hair early only means waiting again
		Duration bound = leaseLeft.plus(EXPIRY_SLACK);
		return ticket.message()
			.timeout(bound.compareTo(left) < 0 ? bound : left, Mono.just(FillMessage.NoFill.TIMED_OUT), scheduler)
			.flatMap(message -> {
				ticket.leave();
				return onMessage(request, message, wait);
			});
	}

	private Mono<Served> onMessage(CredentialRequest request, FillMessage message, Wait wait) {
		if (message instanceof Filled filled
				&& filled.credential().isUsableFor(request.minValidity(), clock.instant())) {
			wait.end("filled");
			return Mono.just(new Served(filled.credential(), CacheStatus.COALESCED));
		}
		if (message instanceof Failed failed) {
			wait.end("failed");
			return Mono.error(failed.failure());
		}
		wait.timedOut = message == FillMessage.NoFill.TIMED_OUT;
		return attempt(request, wait);
	}

	private Mono<Served> withoutRedis(CredentialRequest request, @Nullable Wait wait) {
		if (wait != null) {
			wait.end("fail-open");
		}
		return next.fetch(request);
	}

	/** One request's wait for other replicas' fills, from its first sight of a held lease to its answer. */
	private final class Wait {

		private final long startNanos = ticker.read();
		private boolean timedOut;
		private boolean ended;

		Duration remaining() {
			return maxWait.minusNanos(ticker.read() - startNanos);
		}

		void end(String outcome) {
			if (!ended) {
				ended = true;
				meters.waited(Duration.ofNanos(ticker.read() - startNanos), outcome);
			}
		}
	}
}
