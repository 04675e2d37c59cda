package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.edge.LineBatches.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access-log lines off the event loops: the thread that finishes an exchange appends its line, as bytes, to
 * its own batch ({@link LineBatches}), and one daemon thread writes the batches handed over. The event loop never
 * waits, never wakes the writer and allocates nothing per line; a line no batch is free for is dropped and counted.
 *
 * <p>
 * The writer thread wakes every {@value #SWEEP_MILLIS} ms while there are lines: it writes the batches handed
 * over, hands over those whose first line is {@value LineBatches#MAX_AGE_MILLIS} ms old, and writes them too, so an
 * idle gateway's last lines are out within about twice that. With no line anywhere it says it is idle and parks
 * until the thread that opens the next batch (or hands one over) wakes it, which costs that thread one
 * {@code unpark} per idle spell and a busy gateway nothing; each side publishes before it reads the other's news
 * (the opened batch and the idle flag are both volatile), so a batch opened while the writer goes idle is seen by
 * one of them, and the writer's park is bounded anyway. Where it writes depends on the logger {@value #LOGGER} as it is at that
 * moment: when its only appender is an {@link AccessLogAppender} (the default), each batch goes to that appender's
 * stream in one write; otherwise (an operator routed the logger, or an appender was added to it) each line is logged
 * as an INFO event with the line, without its newline, as the message, and the logger's appenders write it as they
 * are configured to. {@link #close()} writes every line appended before it and flushes before it returns.
 */
final class AccessLogWriter implements AutoCloseable {

	static final String LOGGER = "playgate.access";
	private static final long SWEEP_MILLIS = 20;
	private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
	private static final long CLOSE_MILLIS = 5_000;

	private final Logger log;
	private final Ticker ticker;
	private final LineBatches batches;
	private final Thread drainer;
	private volatile boolean idle;
	private volatile boolean running = true;

	/** A writer to the logger {@value #LOGGER}, batches aged by {@code ticker}. */
	AccessLogWriter(Ticker ticker) {
		this(LoggerFactory.getLogger(LOGGER), ticker, new LineBatches());
	}

	/** A writer of {@code batches} to {@code log}, batches aged by {@code ticker}. */
	AccessLogWriter(Logger log, Ticker ticker, LineBatches batches) {
		this.log = log;
		this.ticker = ticker;
		this.batches = batches;
		this.drainer = new Thread(this::drain, "playgate-access-log");
		this.drainer.setDaemon(true);
		this.drainer.start();
	}

	/** Whether lines are written at all: the logger's level allows them. */
	boolean isEnabled() {
		return log.isInfoEnabled();
	}

	/** Appends one line, ended at ticker time {@code now}; never blocks. */
	void write(AccessLine line, long now) {
		if (batches.append(line, now) && idle) {
			idle = false;
			LockSupport.unpark(drainer);
		}
	}

	/** How many lines were dropped because every batch was in flight. */
	long dropped() {
		return batches.dropped();
	}

	private void drain() {
		while (running) {
			boolean wrote = writeHandedOver();
			boolean open = batches.sweep(ticker.read());
			wrote |= writeHandedOver();
			if (open || wrote) {
				LockSupport.parkNanos(this, SWEEP_NANOS);
			}
			else {
				idle();
			}
		}
		batches.sweepAll();
		writeHandedOver();
	}

	private void idle() {
		idle = true;
		if (running && !batches.hasLines()) {
			LockSupport.parkNanos(this, IDLE_NANOS);
		}
		idle = false;
	}

	/** Writes every batch handed over; returns whether there was any. */
	private boolean writeHandedOver() {
		boolean wrote = false;
		boolean logged = false;
		for (Batch batch = batches.next(); batch != null; batch = batches.next()) {
			AccessLogAppender sole = AccessLogAppender.soleOn(log);
			if (sole != null) {
				sole.write(batch.bytes, 0, batch.length);
			}
			else {
				logEach(batch);
				logged = true;
			}
			batches.recycle(batch);
			wrote = true;
		}
		if (logged) {
			AccessLogAppender.flush(log);
		}
		return wrote;
	}

	private void logEach(Batch batch) {
		int start = 0;
		for (int i = 0; i < batch.length; i++) {
			if (batch.bytes[i] == '\n') {
				log.info(new String(batch.bytes, start, i - start, StandardCharsets.UTF_8));
				start = i + 1;
			}
		}
	}

	/** Stops the writer thread once it has written every line appended so far; waits for that, boundedly. */
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
