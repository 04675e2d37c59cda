package dev.playgate.gateway.edge;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import org.jspecify.annotations.Nullable;

/**
 * Access-log lines gathered in batches of bytes, one batch open per thread that finishes exchanges (the event
 * loops), handed to the one writer thread whole: a batch is handed over when the next line might not fit, or when
 * its first line is {@value #MAX_AGE_MILLIS} ms old (seen when a line is appended, or by the writer's
 * {@link #sweep}, so an idle gateway's last lines still go out). Batches come from a pool of at most
 * {@value #MAX_BATCHES} and go back to it once written, so the steady state allocates nothing; when every batch is in
 * flight a line is dropped and counted, never waited for.
 *
 * <p>
 * Concurrency: each thread's open batch sits in a slot of its own. The thread takes it out of the slot
 * ({@code getAndSet(null)}) before appending and puts it back after, so while it appends nobody else can reach it; the
 * writer's sweep hands a batch over only by a {@code compareAndSet(batch, null)} on the slot, which fails while the
 * owner holds it, and the owner that then finds its slot empty opens a new batch. Neither side ever waits for the
 * other. Hand-over is a bounded multi-producer queue that holds every batch there can be, in the order they were
 * handed over; the pool is a bounded queue the writer fills and the threads take from. A batch the sweep takes
 * stays with the writer: its thread may already have opened the next one and handed that over, so each batch
 * carries its thread's opening number and {@link #next} gives a swept batch before any later batch of its thread
 * (one thread's lines stay in order). The queues' release and acquire, and the slot's atomics, publish a batch's bytes to whoever takes it next.
 */
final class LineBatches {

	static final int BATCH_BYTES = 64 * 1024;
	static final int MAX_BATCHES = 256;
	static final long MAX_AGE_MILLIS = 20;

	private final int batchBytes;
	private final int maxBatches;
	private final long maxAgeNanos;
	private final Queue<Batch> full;
	private final Queue<Batch> free;
	private final AtomicInteger created = new AtomicInteger();
	private final AtomicLong dropped = new AtomicLong();
	private final List<Slot> slots = new CopyOnWriteArrayList<>();
	private final ArrayDeque<Batch> swept = new ArrayDeque<>();
	private final FastThreadLocal<Slot> slot = new FastThreadLocal<>() {
		@Override
		protected Slot initialValue() {
			Slot mine = new Slot(Thread.currentThread());
			slots.add(mine);
			return mine;
		}
	};

	/** Batches of {@value #BATCH_BYTES} bytes, at most {@value #MAX_BATCHES}, handed over at {@value #MAX_AGE_MILLIS} ms. */
	LineBatches() {
		this(BATCH_BYTES, MAX_BATCHES, TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS));
	}

	/** Batches of {@code batchBytes} bytes, at most {@code maxBatches} of them, handed over at {@code maxAgeNanos}. */
	LineBatches(int batchBytes, int maxBatches, long maxAgeNanos) {
		this.batchBytes = batchBytes;
		this.maxBatches = maxBatches;
		this.maxAgeNanos = maxAgeNanos;
		// room for every pooled batch and as many one-off batches of an oversized line
		this.full = PlatformDependent.newFixedMpscQueue(2 * maxBatches);
		this.free = PlatformDependent.newFixedMpmcQueue(Math.max(2, maxBatches));
	}

	/**
	 * Appends the line to this thread's batch at ticker time {@code now}; never blocks. Returns whether the writer has
	 * news: a batch was opened or handed over (the news is in place, with a full fence, before this returns); a line
	 * no batch is free for is dropped and counted.
	 */
	boolean append(AccessLine line, long now) {
		Slot mine = slot.get();
		Batch batch = mine.held.getAndSet(null);
		int needed = line.maxLength();
		boolean news = false;
		if (batch != null && batch.bytes.length - batch.length < needed) {
			news = handOver(batch);
			batch = null;
		}
		boolean opened = batch == null;
		if (opened) {
			batch = open(mine, needed, now);
			if (batch == null) {
				dropped.incrementAndGet();
				return news;
			}
		}
		batch.length = line.writeTo(batch.bytes, batch.length);
		batch.lines++;
		if (now - batch.since >= maxAgeNanos || needed > batchBytes) {
			return handOver(batch) || news;
		}
		if (opened) {
			mine.held.set(batch);
			return true;
		}
		mine.held.lazySet(batch);
		return news;
	}

	/** Whether any batch is open or handed over and not yet taken. */
	boolean hasLines() {
		if (!full.isEmpty() || !swept.isEmpty()) {
			return true;
		}
		for (Slot each : slots) {
			if (each.held.get() != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The next batch to write, or {@code null}: those handed over in hand-over order, each after any batch of its
	 * thread the sweep took before it was opened, then the swept ones; for the writer thread.
	 */
	@Nullable Batch next() {
		Batch queued = full.peek();
		if (queued == null) {
			return swept.pollFirst();
		}
		for (Batch earlier : swept) {
			if (earlier.owner == queued.owner && earlier.opening < queued.opening) {
				swept.remove(earlier);
				return earlier;
			}
		}
		return full.poll();
	}

	/** Takes a written batch back into the pool. */
	void recycle(Batch batch) {
		if (batch.bytes.length != batchBytes) {
			return;
		}
		batch.length = 0;
		batch.lines = 0;
		if (!free.offer(batch)) {
			created.decrementAndGet();
		}
	}

	/**
	 * Hands over every open batch whose first line is at least the maximum age old at ticker time {@code now}, and
	 * forgets the slots of threads that ended with nothing open; for the writer thread. Returns whether a batch is
	 * still open.
	 */
	boolean sweep(long now) {
		return sweep(now, false);
	}

	/** Hands over every open batch, whatever its age; for the writer thread, when it stops. */
	void sweepAll() {
		sweep(0, true);
	}

	private boolean sweep(long now, boolean all) {
		boolean open = false;
		for (Slot each : slots) {
			Batch batch = each.held.get();
			if (batch != null && (all || now - batch.since >= maxAgeNanos) && each.held.compareAndSet(batch, null)) {
				swept.addLast(batch);
			}
			else if (batch != null) {
				open = true;
			}
			else if (!each.owner.isAlive()) {
				slots.remove(each);
			}
		}
		return open;
	}

	/** How many lines were dropped because no batch was free. */
	long dropped() {
		return dropped.get();
	}

	private @Nullable Batch open(Slot mine, int needed, long now) {
		Batch batch = needed > batchBytes ? new Batch(needed) : pooled();
		if (batch != null) {
			batch.since = now;
			batch.owner = mine;
			batch.opening = mine.openings++;
		}
		return batch;
	}

	private @Nullable Batch pooled() {
		Batch batch = free.poll();
		if (batch != null) {
			return batch;
		}
		for (int count = created.get(); count < maxBatches; count = created.get()) {
			if (created.compareAndSet(count, count + 1)) {
				return new Batch(batchBytes);
			}
		}
		return free.poll();
	}

	private boolean handOver(Batch batch) {
		if (full.offer(batch)) {
			return true;
		}
		dropped.addAndGet(batch.lines);
		recycle(batch);
		return false;
	}

	/** Lines as UTF-8 bytes, each ending with a newline. */
	static final class Batch {

		final byte[] bytes;
		int length;
		int lines;
		volatile long since;
		/** The thread's slot, and which of its batches this is, counted from 0 as it opens them. */
		@Nullable Slot owner;
		long opening;

		Batch(int capacity) {
			this.bytes = new byte[capacity];
		}
	}

	/** A thread's open batch, if any. */
	private static final class Slot {

		final AtomicReference<Batch> held = new AtomicReference<>();
		final Thread owner;
		/** How many batches the owner opened; the owner's alone. */
		long openings;

		Slot(Thread owner) {
			this.owner = owner;
		}
	}
}
