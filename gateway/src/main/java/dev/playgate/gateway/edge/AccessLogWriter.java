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
 */
final class AccessLogWriter implements AutoCloseable {

	static final String LOGGER = "playgate.access";
	private static final int CAPACITY = 65_536;
	private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Logger log = LoggerFactory.getLogger(LOGGER);
	private final Queue<String> lines = PlatformDependent.newMpscQueue(CAPACITY);
	private final AtomicLong dropped = new AtomicLong();
	private final Thread drainer;
	private volatile boolean parked;
	private volatile boolean running = true;

	AccessLogWriter() {
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
		while (running || !lines.isEmpty()) {
			String line = lines.poll();
			if (line != null) {
				log.info(line);
				continue;
			}
			parked = true;
			if (lines.isEmpty() && running) {
				LockSupport.parkNanos(this, IDLE_NANOS);
			}
			parked = false;
		}
	}

	@Override
	public void close() {
		running = false;
		LockSupport.unpark(drainer);
	}
}
