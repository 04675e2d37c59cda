package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.playgate.gateway.credential.UpstreamBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Max-min fair admission of one action's player-facing calls to the upstream budget: while calls wait for permits,
 * every client with calls waiting gets the next free place in turn (round-robin over clients, first-come within a
 * client), so a client asking less than an equal share gets all it asks, and what it leaves goes to the others.
 *
 * <p>
 * Only {@code slots} admitted calls wait inside the budget at once (about a tenth of a second of permits), so the
 * order is decided here, not by the budget's own first-come queue. Each client may have at most {@code perClient}
 * calls queued (more could not be served within {@code maxWait} even with the whole budget) and at most
 * {@code maxClients} clients may have calls queued; beyond either bound a call is refused at once with
 * {@link UpstreamBusyException}. A client with nothing queued holds no state. Every call waits at most
 * {@code maxWait} in all, then is refused with a computed {@code Retry-After}; a call that is cancelled (its
 * request went away, or the wait bound passed) gives up its place or its slot.
 *
 * <p>
 * Lock-free: arrivals, departures and freed slots are handed over through concurrent queues and counters, and one
 * thread at a time (whoever finds the {@code wip} counter at zero) drains them and admits calls; the others just
 * bump the counter and leave, so nobody blocks on an event loop. The queues per client and the ring of clients are
 * touched only by the draining thread.
 */
final class FairShare {

	private static final Logger log = LoggerFactory.getLogger(FairShare.class);

	private static final int WAITING = 0;

	private static final int ADMITTED = 1;

	private static final int GONE = 2;

	private final int perClient;
	private final int maxClients;
	private final Duration maxWait;
	private final Scheduler scheduler;
	private final double permitsPerSecond;

	private final Queue<Waiter> arrivals = new ConcurrentLinkedQueue<>();
	private final Queue<Waiter> departures = new ConcurrentLinkedQueue<>();
	private final AtomicInteger free;
	private final AtomicInteger wip = new AtomicInteger();

	// owned by the draining thread
	private final Map<String, ClientQueue> queues = new HashMap<>();
	private final ArrayDeque<ClientQueue> ring = new ArrayDeque<>();
	private int waiting;

	private volatile int queued;
	private volatile int clients;

	FairShare(int slots, int perClient, int maxClients, Duration maxWait, double permitsPerSecond,
			Scheduler scheduler) {
		this.free = new AtomicInteger(Math.max(1, slots));
		this.perClient = Math.max(1, perClient);
		this.maxClients = Math.max(1, maxClients);
		this.maxWait = maxWait;
		this.permitsPerSecond = permitsPerSecond;
		this.scheduler = scheduler;
	}

	/**
	 * Waits for {@code client}'s turn, then for the permit {@code permit} asks for; completes when that permit is
	 * granted and fails as it fails, or with {@link UpstreamBusyException} after {@code maxWait} in all.
	 */
	Mono<Void> acquire(String client, Supplier<Mono<Void>> permit) {
		return Mono.<Void>create(sink -> {
			Waiter waiter = new Waiter(client, sink, permit);
			sink.onCancel(waiter::cancel);
			arrivals.offer(waiter);
			drain();
		}).timeout(maxWait, Mono.defer(() -> Mono.error(busy())), scheduler);
	}

	/** Calls queued now, over all clients. */
	int queued() {
		return queued;
	}

	/** Clients with calls queued now. */
	int clients() {
		return clients;
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
				log.warn("The fair share of the upstream budget failed to hand out a place", unexpected);
			}
			missed = wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void drainOnce() {
		for (Waiter left = departures.poll(); left != null; left = departures.poll()) {
			ClientQueue queue = queues.get(left.client);
			if (queue != null && queue.waiters.remove(left)) {
				waiting--;
				if (queue.waiters.isEmpty()) {
					queues.remove(left.client);
				}
			}
		}
		for (Waiter arrived = arrivals.poll(); arrived != null; arrived = arrivals.poll()) {
			enqueue(arrived);
		}
		while (free.get() > 0 && !ring.isEmpty()) {
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
			if (next.compareAndSet(WAITING, ADMITTED)) {
				free.decrementAndGet();
				next.start();
			}
		}
		if (ring.size() > 2 * maxClients) {
			ring.removeIf(queue -> queue.waiters.isEmpty());
		}
		queued = waiting;
		clients = queues.size();
	}

	private void enqueue(Waiter waiter) {
		if (waiter.get() != WAITING) {
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

	private void refuse(Waiter waiter) {
		if (waiter.compareAndSet(WAITING, GONE)) {
			waiter.sink.error(busy());
		}
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

	/** One waiting call; its value is its state: waiting, admitted (holds a slot) or gone. */
	private final class Waiter extends AtomicInteger {

		private static final long serialVersionUID = 1L;

		final String client;

		final MonoSink<Void> sink;

		private final Supplier<Mono<Void>> permit;

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile Disposable inner;

		Waiter(String client, MonoSink<Void> sink, Supplier<Mono<Void>> permit) {
			super(WAITING);
			this.client = client;
			this.sink = sink;
			this.permit = permit;
		}

		/** Admitted: asks the budget for the permit, holding the slot until it answers or is cancelled. */
		void start() {
			Mono<Void> asked;
			try {
				asked = permit.get();
			}
			catch (RuntimeException failure) {
				release();
				sink.error(failure);
				return;
			}
			Disposable subscription = asked.doFinally(signal -> release())
				.subscribe(null, sink::error, sink::success);
			inner = subscription;
			if (get() == GONE) {
				subscription.dispose();
			}
		}

		/** The caller went away: leave the queue, or give the slot back. */
		void cancel() {
			if (compareAndSet(WAITING, GONE)) {
				departures.offer(this);
				drain();
			}
			else if (compareAndSet(ADMITTED, GONE)) {
				Disposable subscription = inner;
				if (subscription != null) {
					subscription.dispose();
				}
			}
		}

		private void release() {
			if (released.compareAndSet(false, true)) {
				free.incrementAndGet();
				drain();
			}
		}
	}
}
