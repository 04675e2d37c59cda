package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.playgate.gateway.credential.UpstreamBusyException;
import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Max-min fair admission of one action's player-facing calls to the upstream budget: every permit the budget grants
 * goes, at the moment it is granted, to the next client in turn among those with calls waiting (round-robin over
 * clients, first-come within a client). A client asking less than an equal share gets all it asks, what it leaves
 * goes to the others, and a client alone gets every permit.
 *
 * <p>
 * The share asks the budget for permits on its own behalf, never for a given call: at most {@code ahead} at a time
 * and never more than there are calls waiting. A call that goes away (its request ended, or its wait bound passed)
 * therefore takes no permit with it: the permit goes to the next call in turn, so the share is work-conserving. (When
 * each call held the permit it had asked for, calls that timed out while it was still ahead of them forfeited it, and
 * a lone flood used a third of the budget.) A permit granted when nobody waits any more is dropped, never kept for
 * later: the budget's sliding windows assume a permit is used when granted.
 *
 * <p>
 * Each client may have at most {@code perClient} calls waiting (more could not be served within {@code maxWait} even
 * with the whole budget) and at most {@code maxClients} clients may have calls waiting; beyond either bound a call is
 * refused at once with {@link UpstreamBusyException}. A client with nothing waiting holds no state. Every call waits at
 * most {@code maxWait} in all, then is refused with a computed {@code Retry-After}. A permit the budget refuses is the
 * refusal of the call whose turn it was. The share counts its own refusals (a bound, or the wait) in
 * {@code playgate.budget.rejections}; a refusal of the budget it passes on was counted where it was made.
 *
 * <p>
 * A call ends its wait once, whichever comes first of its turn, its wait bound and its caller going away (see
 * {@link PermitWaiter}); a permit that reaches a call gone at that moment goes on to the next in turn.
 *
 * <p>
 * Lock-free: arrivals, departures and the budget's answers are handed over through concurrent queues, and one thread
 * at a time (whoever finds the {@code wip} counter at zero) drains them and hands permits out; the others just bump
 * the counter and leave, so nobody blocks on an event loop. The queues per client and the ring of clients are touched
 * only by the draining thread.
 */
final class FairShare {

	private static final Logger log = LoggerFactory.getLogger(FairShare.class);

	/** The budget's answer to one permit asked: granted (empty) or the failure. */
	private static final Optional<Throwable> GRANTED = Optional.empty();

	private final int ahead;
	private final int perClient;
	private final int maxClients;
	private final Duration maxWait;
	private final Scheduler scheduler;
	private final double permitsPerSecond;
	private final Supplier<Mono<Void>> permits;
	private final Counter rejections;

	private final Queue<Waiter> arrivals = new ConcurrentLinkedQueue<>();
	private final Queue<Waiter> departures = new ConcurrentLinkedQueue<>();
	private final Queue<Optional<Throwable>> answers = new ConcurrentLinkedQueue<>();
	private final AtomicInteger wip = new AtomicInteger();
	private final AtomicLong dropped = new AtomicLong();

	// owned by the draining thread
	private final Map<String, ClientQueue> queues = new HashMap<>();
	private final ArrayDeque<ClientQueue> ring = new ArrayDeque<>();
	private int waiting;
	private int asking;

	private volatile int queued;
	private volatile int clients;

	/**
	 * A share that asks {@code permits} for at most {@code ahead} permits at a time, and refuses calls beyond
	 * {@code perClient} per client or {@code maxClients} clients waiting, or after {@code maxWait} (timed on
	 * {@code scheduler}) with a {@code Retry-After} at {@code permitsPerSecond}, counting those refusals in
	 * {@code rejections}.
	 */
	FairShare(int ahead, int perClient, int maxClients, Duration maxWait, double permitsPerSecond,
			Scheduler scheduler, Supplier<Mono<Void>> permits, Counter rejections) {
		this.ahead = Math.max(1, ahead);
		this.perClient = Math.max(1, perClient);
		this.maxClients = Math.max(1, maxClients);
		this.maxWait = maxWait;
		this.permitsPerSecond = permitsPerSecond;
		this.scheduler = scheduler;
		this.permits = permits;
		this.rejections = rejections;
	}

	/**
	 * Completes when a permit is handed to this call in {@code client}'s turn; fails with the budget's refusal when
	 * the permit of its turn was refused, or with {@link UpstreamBusyException} after {@code maxWait} in all.
	 */
	Mono<Void> acquire(String client) {
		return Mono.defer(() -> {
			Waiter waiter = new Waiter(client);
			arrivals.offer(waiter);
			drain();
			// answered in the drain that queued it (the budget granted or refused at once): it never waits, so no
			// timer is armed for it; a call that does wait is bounded by one
			if (waiter.isWaiting()) {
				waiter.bound(maxWait, scheduler, this::waitedTooLong);
			}
			return waiter.answer();
		});
	}

	/** Calls waiting now, over all clients. */
	int queued() {
		return queued;
	}

	/** Clients with calls waiting now. */
	int clients() {
		return clients;
	}

	/** Permits granted when no call was waiting any more (given up unused). */
	long dropped() {
		return dropped.get();
	}

	private void drain() {
		if (wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			try {
				drainOnce();
			}
			catch (RuntimeException unexpected) {
				log.warn("The fair share of the upstream budget failed to hand out a permit", unexpected);
			}
			missed = wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void drainOnce() {
		for (Waiter left = departures.poll(); left != null; left = departures.poll()) {
			leave(left);
		}
		for (Waiter arrived = arrivals.poll(); arrived != null; arrived = arrivals.poll()) {
			enqueue(arrived);
		}
		for (Optional<Throwable> answer = answers.poll(); answer != null; answer = answers.poll()) {
			asking--;
			handOut(answer);
		}
		if (ring.size() > 2 * maxClients) {
			ring.removeIf(queue -> queue.waiters.isEmpty());
		}
		queued = waiting;
		clients = queues.size();
		while (asking < ahead && asking < waiting) {
			asking++;
			ask(); // may answer at once: the answer is queued and drained in the next round
		}
	}

	private void leave(Waiter left) {
		ClientQueue queue = queues.get(left.client);
		if (queue != null && queue.waiters.remove(left)) {
			waiting--;
			if (queue.waiters.isEmpty()) {
				queues.remove(left.client);
			}
		}
	}

	private void enqueue(Waiter waiter) {
		if (!waiter.isWaiting()) {
			return; // cancelled before it was seen
		}
		ClientQueue queue = queues.get(waiter.client);
		if (queue == null) {
			if (queues.size() >= maxClients) {
				refuse(waiter);
				return;
			}
			queue = new ClientQueue(waiter.client);
			queues.put(waiter.client, queue);
			ring.addLast(queue);
		}
		else if (queue.waiters.size() >= perClient) {
			refuse(waiter);
			return;
		}
		queue.waiters.addLast(waiter);
		waiting++;
	}

	/** Gives the budget's answer to the call whose turn it is; a permit nobody is left to take is dropped. */
	private void handOut(Optional<Throwable> answer) {
		for (Waiter next = nextInTurn(); next != null; next = nextInTurn()) {
			if (answer.isEmpty() ? next.grant() : next.refuse(answer.get())) {
				return;
			}
			// gone, its departure not yet drained: the answer goes on to the next in turn
		}
		if (answer.isEmpty()) {
			dropped.incrementAndGet();
		}
	}

	/** The first call of the next client in the ring, taken out of its queue; {@code null} when none. */
	private @Nullable Waiter nextInTurn() {
		while (!ring.isEmpty()) {
			ClientQueue queue = ring.pollFirst();
			Waiter next = queue.waiters.pollFirst();
			if (next == null) {
				continue; // emptied by departures after it joined the ring
			}
			waiting--;
			if (queue.waiters.isEmpty()) {
				queues.remove(queue.client, queue);
			}
			else {
				ring.addLast(queue);
			}
			return next;
		}
		return null;
	}

	/** Asks the budget for one permit; whatever it answers is queued for the draining thread. */
	private void ask() {
		Mono<Void> permit;
		try {
			permit = permits.get();
		}
		catch (RuntimeException failure) {
			permit = Mono.error(failure);
		}
		permit.subscribe(null, failure -> answer(Optional.of(failure)), () -> answer(GRANTED));
	}

	private void answer(Optional<Throwable> answer) {
		answers.offer(answer);
		drain();
	}

	private void refuse(Waiter waiter) {
		if (waiter.refuse(busy())) {
			rejections.increment();
		}
	}

	/** The refusal of a call whose wait bound passed, counted. */
	private UpstreamBusyException waitedTooLong() {
		rejections.increment();
		return busy();
	}

	/** The refusal, with a Retry-After from the calls queued ahead at the budget's rate (1 to 60 whole seconds). */
	private UpstreamBusyException busy() {
		long seconds = (long) Math.ceil((queued + 1) / Math.max(permitsPerSecond, 1e-3));
		return new UpstreamBusyException("upstream call budget exhausted",
				Duration.ofSeconds(Math.max(1, Math.min(seconds, 60))));
	}

	/** The calls of one client waiting for their turn; exists only while it has some. */
	private static final class ClientQueue {

		final String client;

		final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

		ClientQueue(String client) {
			this.client = client;
		}
	}

	/** One call waiting for its turn, in the queue of {@code client}. */
	private final class Waiter extends PermitWaiter {

		private static final long serialVersionUID = 1L;

		final String client;

		Waiter(String client) {
			this.client = client;
		}

		/** The caller went away or the wait bound passed: leave the queue (a permit asked goes to the next in turn). */
		@Override
		void left() {
			departures.offer(this);
			drain();
		}
	}
}
