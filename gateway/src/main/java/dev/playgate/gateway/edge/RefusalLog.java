package dev.playgate.gateway.edge;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of what the edge refuses below the routes (unreadable requests, slow or surplus connections): at most one
 * bounded line per interval, saying how many were refused since the last line and the latest one's reason and peer
 * address. Never the request itself: its text is the attacker's, and a flood of it would be a flood of log.
 */
final class RefusalLog {

	static final Duration INTERVAL = Duration.ofSeconds(10);
	private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

	private final Ticker ticker;
	private final AtomicLong nextLineAt;
	private final AtomicInteger unlogged = new AtomicInteger();

	RefusalLog(Ticker ticker) {
		this.ticker = ticker;
		this.nextLineAt = new AtomicLong(ticker.read());
	}

	/** Records one refusal; {@code reason} is the gateway's own word for it (a code, a timeout), never client text. */
	void refused(String reason, SocketAddress peer) {
		int count = unlogged.incrementAndGet();
		long now = ticker.read();
		long due = nextLineAt.get();
		if (now - due >= 0 && nextLineAt.compareAndSet(due, now + INTERVAL.toNanos())) {
			count = unlogged.getAndSet(0);
			log.info("edge refused {} request(s) or connection(s) in the last {}s; latest: {} from {}", count,
					INTERVAL.toSeconds(), reason, host(peer));
		}
	}

	private static String host(SocketAddress peer) {
		return peer instanceof InetSocketAddress address && address.getAddress() != null
				? address.getAddress().getHostAddress() : "?";
	}
}
