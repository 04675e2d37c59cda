package dev.playgate.gateway.edge;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands access-log lines from the event loops to one daemon thread that writes them to the logger {@value #LOGGER}:
 * the event loop only appends to a lock-free queue, so a slow stdout never stalls it. The queue is bounded; lines
 * beyond it are dropped and counted rather than held.
 */
final class AccessLogWriter implements AutoCloseable {

	static final String LOGGER = "playgate.access";
	private static final int CAPACITY = 65_536;
	private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Logger log = LoggerFactory.getLogger(LOGGER);
	private final Queue<String> lines = new ConcurrentLinkedQueue<>();
	private final AtomicInteger queued = new AtomicInteger();
	private final AtomicLong dropped = new AtomicLong();
	private final Thread drainer;
	private volatile boolean running = true;

	AccessLogWriter() {
		this.drainer = new Thread(this::drain, "playgate-access-log");
		this.drainer.setDaemon(true);
		this.drainer.start();
	}

	/** Queues one line; never blocks. */
	void write(String line) {
		if (queued.incrementAndGet() > CAPACITY) {
			queued.decrementAndGet();
			dropped.incrementAndGet();
			return;
		}
		lines.offer(line);
		LockSupport.unpark(drainer);
	}

	/** How many lines were dropped because the queue was full. */
	long dropped() {
		return dropped.get();
	}

	private void drain() {
		while (running || !lines.isEmpty()) {
			String line = lines.poll();
			if (line == null) {
				LockSupport.parkNanos(this, IDLE_NANOS);
				continue;
			}
			queued.decrementAndGet();
			log.info(line);
		}
	}

	@Override
	public void close() {
		running = false;
		LockSupport.unpark(drainer);
	}
}
