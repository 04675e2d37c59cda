package dev.playgate.gateway.redis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the replicas' shared Redis is and how the shared tier uses it ({@code playgate.redis.*}). Neither {@code url}
 * nor {@code cluster-nodes} set means single-node mode: no Redis at all.
 *
 * @param url a {@code redis://}, {@code rediss://} or {@code redis-sentinel://} URI (standalone or Sentinel)
 * @param clusterNodes seed nodes of a Redis Cluster, {@code host:port} or URIs (a comma list in one property)
 * @param commandTimeout how long one Redis command may take before the gateway carries on without Redis; short, so
 * a slow Redis never slows requests
 * @param connectTimeout how long establishing a connection may take
 * @param leaseTtl the longest a holder keeps a fill lease by renewing it; longer than an upstream call with all its
 * retries, so a live holder always finishes first
 * @param maxCoalesceWait the longest a request waits for other replicas' fills before calling upstream itself
 * @param keyPrefix the first segment of every Redis key and channel
 * @param outageProbeInterval during an outage, how often one command is let through to see whether Redis is back
 * @param leaseLapse how long a fill lease lives unless its holder renews it (every quarter of it, while its call
 * runs): how soon a waiter takes over from a holder that died; never longer than {@code leaseTtl}
 */
@ConfigurationProperties("playgate.redis")
public record RedisProperties(@Nullable String url, @Nullable List<String> clusterNodes,
		@DefaultValue("100ms") Duration commandTimeout, @DefaultValue("1s") Duration connectTimeout,
		@DefaultValue("20s") Duration leaseTtl, @DefaultValue("20s") Duration maxCoalesceWait,
		@DefaultValue("playgate") String keyPrefix, @DefaultValue("1s") Duration outageProbeInterval,
		@DefaultValue("2s") Duration leaseLapse) {

	private static final Set<String> URL_SCHEMES = Set.of(RedisURI.URI_SCHEME_REDIS, RedisURI.URI_SCHEME_REDIS_SECURE,
			RedisURI.URI_SCHEME_REDIS_SENTINEL, RedisURI.URI_SCHEME_REDIS_SENTINEL_SECURE);

	private static final Duration DEFAULT_LEASE_LAPSE = Duration.ofSeconds(2);

	private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^@/]*@");

	/** Normalises and validates every setting; messages name the key and the (redacted) value. */
	public RedisProperties {
		url = url == null ? "" : url.trim();
		clusterNodes = clusterNodes == null ? List.of()
				: clusterNodes.stream().map(String::trim).filter(node -> !node.isEmpty()).toList();
		if (!url.isEmpty() && !clusterNodes.isEmpty()) {
			throw new IllegalArgumentException(
					"set playgate.redis.url or playgate.redis.cluster-nodes, not both: " + redact(url));
		}
		checkUrl(url);
		clusterNodes.forEach(RedisProperties::clusterNodeUri);
		requirePositive("command-timeout", commandTimeout);
		requirePositive("connect-timeout", connectTimeout);
		requirePositive("lease-ttl", leaseTtl);
		requirePositive("max-coalesce-wait", maxCoalesceWait);
		requirePositive("outage-probe-interval", outageProbeInterval);
		requirePositive("lease-lapse", leaseLapse);
		if (leaseLapse.compareTo(leaseTtl) > 0) {
			throw new IllegalArgumentException("playgate.redis.lease-lapse must not be longer than lease-ttl ("
					+ leaseTtl + "): " + leaseLapse);
		}
		if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
			throw new IllegalArgumentException(
					"playgate.redis.key-prefix must be 1-64 characters of [A-Za-z0-9._-]: '" + keyPrefix + "'");
		}
	}

	/** Settings for tests and tools: a standalone Redis at {@code url}, every other setting at its default. */
	public static RedisProperties of(String url) {
		return new RedisProperties(url, null, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20),
				Duration.ofSeconds(20), "playgate", Duration.ofSeconds(1), DEFAULT_LEASE_LAPSE);
	}

	/** Whether Redis is configured at all; {@code false} means single-node mode. */
	public boolean isEnabled() {
		return !url.isEmpty() || !clusterNodes.isEmpty();
	}

	/** Whether the configuration names a Redis Cluster. */
	public boolean isCluster() {
		return !clusterNodes.isEmpty();
	}

	/** The standalone or Sentinel URI, or the cluster's seed nodes. */
	public List<RedisURI> redisUris() {
		return isCluster() ? clusterNodes.stream().map(RedisProperties::clusterNodeUri).toList()
				: List.of(RedisURI.create(url));
	}

	/** The same settings with other lease, wait and command timings (tests shorten them). */
	public RedisProperties withTimings(Duration commandTimeout, Duration leaseTtl, Duration maxCoalesceWait) {
		Duration lapse = leaseLapse.compareTo(leaseTtl) <= 0 ? leaseLapse : leaseTtl;
		return new RedisProperties(url, clusterNodes, commandTimeout, connectTimeout, leaseTtl, maxCoalesceWait,
				keyPrefix, outageProbeInterval, lapse);
	}

	/** The same settings with another lease lapse (at most the lease TTL). */
	public RedisProperties withLeaseLapse(Duration lapse) {
		return new RedisProperties(url, clusterNodes, commandTimeout, connectTimeout, leaseTtl, maxCoalesceWait,
				keyPrefix, outageProbeInterval, lapse);
	}

	/** The same settings for a Redis Cluster with these seed nodes. */
	public RedisProperties withClusterNodes(List<String> nodes) {
		return new RedisProperties(null, nodes, commandTimeout, connectTimeout, leaseTtl, maxCoalesceWait, keyPrefix,
				outageProbeInterval, leaseLapse);
	}

	/** A URI with any password or user replaced, safe for logs and messages. */
	public static String redact(String uri) {
		return USER_INFO.matcher(uri).replaceAll("<redacted>@");
	}

	private static void checkUrl(String url) {
		if (url.isEmpty()) {
			return;
		}
		int colon = url.indexOf("://");
		String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
		if (!URL_SCHEMES.contains(scheme)) {
			throw new IllegalArgumentException(
					"playgate.redis.url must start with redis://, rediss:// or redis-sentinel://: " + redact(url));
		}
		try {
			RedisURI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("playgate.redis.url is not a valid Redis URI: " + redact(url), null);
		}
	}

	private static RedisURI clusterNodeUri(String node) {
		try {
			return node.contains("://") ? RedisURI.create(node) : RedisURI.create("redis://" + node);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"playgate.redis.cluster-nodes has an invalid node: " + redact(node), null);
		}
	}

	static void requirePositive(String key, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("playgate.redis." + key + " must be positive: " + value);
		}
	}

	@Override
	public String toString() {
		return "RedisProperties[url=" + redact(url) + ", clusterNodes="
				+ clusterNodes.stream().map(RedisProperties::redact).toList() + ", commandTimeout=" + commandTimeout
				+ ", connectTimeout=" + connectTimeout + ", leaseTtl=" + leaseTtl + ", maxCoalesceWait="
				+ maxCoalesceWait + ", keyPrefix=" + keyPrefix + ", outageProbeInterval=" + outageProbeInterval
				+ ", leaseLapse=" + leaseLapse + "]";
	}
}
