package dev.playgate.gateway.edge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the public port treats slow, idle and too many connections ({@code playgate.edge.*}). The sizes of a request
 * line and of a header section are Spring Boot's own {@code server.netty.max-initial-line-length} and
 * {@code server.max-http-request-header-size}.
 *
 * @param headerTimeout the longest from a request's first byte to the end of its header section
 * @param bodyTimeout the longest from the end of a request's headers to the end of its body
 * @param idleTimeout the longest a connection stays open with no request in progress and no answer pending
 * @param maxConnections open connections at once; beyond it a new connection is closed as soon as it is accepted
 */
@ConfigurationProperties("playgate.edge")
public record EdgeProperties(@DefaultValue("10s") Duration headerTimeout, @DefaultValue("10s") Duration bodyTimeout,
		@DefaultValue("60s") Duration idleTimeout, @DefaultValue("10000") int maxConnections) {

	private static final Duration LONGEST = Duration.ofHours(1);

	/** Checks every value. */
	public EdgeProperties {
		requirePositive("playgate.edge.header-timeout", headerTimeout);
		requirePositive("playgate.edge.body-timeout", bodyTimeout);
		requirePositive("playgate.edge.idle-timeout", idleTimeout);
		if (maxConnections < 1) {
			throw new IllegalArgumentException("playgate.edge.max-connections must be at least 1: " + maxConnections);
		}
	}

	private static void requirePositive(String key, Duration value) {
		if (value.toMillis() < 1 || value.compareTo(LONGEST) > 0) {
			throw new IllegalArgumentException(key + " must be within 1ms.." + LONGEST + ": " + value);
		}
	}
}
