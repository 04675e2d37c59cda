package dev.playgate.gateway.edge;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands access-log lines from the event loops to one daemon thread that writes them to the logger {@value #LOGGER}:
 * the event loop only offers the line to a bounded multi-producer queue (an array, no node per line, no lock), so a
 * slow stdout never stalls it. Lines beyond the bound are dropped and counted rather than held.
 *
 * <p>
 * Wake-ups: the drainer says when it is about to park, and a writer wakes it only then; a drainer that is busy or
 * awake costs a writer nothing beyond the offer. The drainer re-checks the queue after saying so, so a line offered
 * just before it parks is not left waiting; the bounded park covers the rest.
 *
 * <p>
 * Writes: the logger's appender may buffer lines ({@link AccessLogAppender} does); the drainer writes what it holds when
 * the queue runs empty, after lingering once for {@value #LINGER_MILLIS} ms without saying it parks, so the lines that
 * arrive meanwhile join the same write and the writers pay no wake-up for them. A busy server thus writes many lines
 * at once, and an idle one has every line written within about that linger. {@link #close()} writes every queued
 * line and flushes before it returns.
 */
final class AccessLogWriter implements AutoCloseable {

	static final String LOGGER = "playgate.access";
	private static final int CAPACITY = 65_536;
	private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
	private static final long LINGER_MILLIS = 20;
	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
	private static final long CLOSE_MILLIS = 5_000;

	private final Logger log;
	private final Runnable flush;
	private final Queue<String> lines = PlatformDependent.newMpscQueue(CAPACITY);
	private final AtomicLong dropped = new AtomicLong();
	private final Thread drainer;
	private volatile boolean parked;
	private volatile boolean running = true;

	/** A writer to the logger {@value #LOGGER}, flushing its {@link AccessLogAppender}s. */
	AccessLogWriter() {
		this(LoggerFactory.getLogger(LOGGER));
	}

	/** A writer to {@code log}, flushing its {@link AccessLogAppender}s. */
	AccessLogWriter(Logger log) {
		this(log, () -> AccessLogAppender.flush(log));
	}

	/** A writer to {@code log} that runs {@code flush} when its queue runs idle. */
	AccessLogWriter(Logger log, Runnable flush) {
		this.log = log;
		this.flush = flush;
		this.drainer = new Thread(this::drain, "playgate-access-log");
		this.drainer.setDaemon(true);
		this.drainer.start();
	}

	/** Whether lines are written at all: the logger's level allows them. */
	boolean isEnabled() {
		return log.isInfoEnabled();
	}

	/** Queues one line; never blocks. */
	void write(String line) {
		if (!lines.offer(line)) {
			dropped.incrementAndGet();
			return;
		}
		if (parked) {
			parked = false;
			LockSupport.unpark(drainer);
		}
	}

	/** How many lines were dropped because the queue was full. */
	long dropped() {
		return dropped.get();
	}

	private void drain() {
		boolean unflushed = false;
		boolean lingered = false;
		while (running || !lines.isEmpty()) {
			String line = lines.poll();
			if (line != null) {
				log.info(line);
				unflushed = true;
			}
			else if (unflushed && !lingered && running) {
				LockSupport.parkNanos(this, LINGER_NANOS);
				lingered = true;
			}
			else if (unflushed) {
				flush.run();
				unflushed = false;
				lingered = false;
			}
			else {
				idle();
			}
		}
		flush.run();
	}

	private void idle() {
		parked = true;
		if (lines.isEmpty() && running) {
			LockSupport.parkNanos(this, IDLE_NANOS);
		}
		parked = false;
	}

	/** Stops the drainer once it has written every queued line and flushed them; waits for that, boundedly. */
	@Override
	public void close() {
		running = false;
		LockSupport.unpark(drainer);
		try {
			drainer.join(CLOSE_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
