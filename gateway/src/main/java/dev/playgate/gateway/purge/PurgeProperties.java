package dev.playgate.gateway.purge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How purges travel between replicas ({@code playgate.purge.*}); used only when Redis is configured.
 *
 * @param streamLength how many purges the Redis Stream retains; a replica that falls further behind (cut from Redis
 * while more purges happened) drops its whole local state instead of replaying them
 * @param pollInterval how often a replica reads the stream even without a wake-up message: the bound on how late a
 * purge arrives when its pub/sub wake-up is lost
 * @param maxPending the most purges a replica keeps to publish while Redis is unreachable; past it, it publishes one
 * "drop everything" instead once Redis is back
 */
@ConfigurationProperties("playgate.purge")
public record PurgeProperties(@DefaultValue("10000") int streamLength, @DefaultValue("250ms") Duration pollInterval,
		@DefaultValue("100000") int maxPending) {

	/** Validates every setting; messages name the key and the value. */
	public PurgeProperties {
		if (streamLength < 100 || streamLength > 10_000_000) {
			throw new IllegalArgumentException("playgate.purge.stream-length must be 100..10000000: " + streamLength);
		}
		if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofSeconds(1)) > 0) {
			throw new IllegalArgumentException("playgate.purge.poll-interval must be 10ms..1s: " + pollInterval);
		}
		if (maxPending < 1) {
			throw new IllegalArgumentException("playgate.purge.max-pending must be positive: " + maxPending);
		}
	}

	/** The defaults. */
	public static PurgeProperties defaults() {
		return new PurgeProperties(10_000, Duration.ofMillis(250), 100_000);
	}
}
