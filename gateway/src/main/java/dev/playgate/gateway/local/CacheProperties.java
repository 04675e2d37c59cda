package dev.playgate.gateway.local;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The local tier's settings ({@code playgate.cache.*}).
 *
 * @param maxSize the most memory the cached answers may take (their encoded bodies plus a per-entry overhead)
 * @param minValidity the remaining validity a credential must have when a request names no {@code minValidity}
 * @param refreshAt the fraction of a credential's lifetime after which a key that is still read is refreshed ahead
 * @param refreshJitter the largest fraction of the lifetime by which each entry's refresh point is moved earlier, so
 * entries created together do not come due together
 * @param negativeTtl how long a definitive "video not found / no stream / not playable" answer is remembered
 * @param negativeMaxEntries how many such answers are remembered at most
 */
@ConfigurationProperties("playgate.cache")
public record CacheProperties(@DefaultValue("128MB") DataSize maxSize, @DefaultValue("60s") Duration minValidity,
		@DefaultValue("0.75") double refreshAt, @DefaultValue("0.1") double refreshJitter,
		@DefaultValue("10s") Duration negativeTtl, @DefaultValue("100000") int negativeMaxEntries) {

	/** Validates every setting, naming the key and the value. */
	public CacheProperties {
		if (maxSize.toBytes() < 1024 * 1024) {
			throw new IllegalArgumentException("playgate.cache.max-size must be at least 1MB: " + maxSize);
		}
		if (minValidity.isNegative()) {
			throw new IllegalArgumentException("playgate.cache.min-validity must not be negative: " + minValidity);
		}
		if (!(refreshAt > 0 && refreshAt < 1)) {
			throw new IllegalArgumentException("playgate.cache.refresh-at must be within (0, 1): " + refreshAt);
		}
		if (!(refreshJitter >= 0 && refreshJitter < refreshAt)) {
			throw new IllegalArgumentException(
					"playgate.cache.refresh-jitter must be within [0, refresh-at): " + refreshJitter);
		}
		if (negativeTtl.isNegative()) {
			throw new IllegalArgumentException("playgate.cache.negative-ttl must not be negative: " + negativeTtl);
		}
		if (negativeMaxEntries < 0) {
			throw new IllegalArgumentException(
					"playgate.cache.negative-max-entries must not be negative: " + negativeMaxEntries);
		}
	}
}
