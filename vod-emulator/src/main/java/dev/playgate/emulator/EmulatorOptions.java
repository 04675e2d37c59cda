package dev.playgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable start-up settings of a {@link VodEmulator}; faults can change later through {@link Faults}.
 *
 * <p>Start from {@link #defaults()} and derive with the {@code with...} methods, e.g.
 * {@code EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret").withQps(360)}.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free port
 * @param accessKeys the AccessKeys accepted
 * @param regionId the region this emulator pretends to be (used for {@code HostId} and URLs)
 * @param qps the quota of every action, calls per second
 * @param actionQps per-action quotas overriding {@code qps}
 * @param quotaWindow how the quota counts a second
 * @param throttleStatus the HTTP status of {@code Throttling.User}
 * @param latency the fixed latency added to every answer
 * @param jitter the upper bound of a random latency added on top of {@code latency}
 * @param timestampTolerance how far a request's Timestamp may be from the emulator's clock
 * @param nonceCapacity how many SignatureNonces are remembered at most
 * @param maxTrackedVideos how many distinct video ids the stats count individually
 * @param playDomain the default playback domain of play URLs and cover URLs
 * @param clock the wall clock behind timestamps, expiries, quotas and statistics
 * @param ioThreads the number of event-loop threads
 */
public record EmulatorOptions(String host, int port, List<AccessKey> accessKeys, String regionId, int qps,
		Map<String, Integer> actionQps, QuotaWindow quotaWindow, int throttleStatus, Duration latency,
		Duration jitter, Duration timestampTolerance, int nonceCapacity, int maxTrackedVideos, String playDomain,
		Clock clock, int ioThreads) {

	/** The AccessKeyId accepted by default. */
	public static final String DEFAULT_ACCESS_KEY_ID = "testAk";

	/** The AccessKeySecret accepted by default. */
	public static final String DEFAULT_ACCESS_KEY_SECRET = "testSecret";

	/** The largest quota accepted, calls per second per action. */
	public static final int MAX_QPS = 1_000_000;

	/** Validates every setting and names the offending one. */
	public EmulatorOptions {
		require(!host.isBlank(), "host must not be blank");
		require(port >= 0 && port <= 65535, "port must be 0-65535: " + port);
		require(!accessKeys.isEmpty(), "at least one access key is required");
		accessKeys = List.copyOf(accessKeys);
		require(regionId.matches("[a-zA-Z0-9_-]+"), "region-id must match [a-zA-Z0-9_-]+: " + regionId);
		require(qps > 0 && qps <= MAX_QPS, "qps must be 1-" + MAX_QPS + ": " + qps);
		actionQps.forEach((action, limit) -> require(limit > 0 && limit <= MAX_QPS,
				"qps of " + action + " must be 1-" + MAX_QPS + ": " + limit));
		actionQps = Map.copyOf(actionQps);
		require(throttleStatus >= 400 && throttleStatus <= 599, "throttle-status must be 4xx/5xx: " + throttleStatus);
		require(!latency.isNegative(), "latency must not be negative: " + latency);
		require(!jitter.isNegative(), "jitter must not be negative: " + jitter);
		require(!timestampTolerance.isNegative() && !timestampTolerance.isZero(),
				"timestamp tolerance must be positive: " + timestampTolerance);
		require(nonceCapacity > 0, "nonce-capacity must be positive: " + nonceCapacity);
		require(maxTrackedVideos > 0, "max-tracked-videos must be positive: " + maxTrackedVideos);
		require(playDomain.matches("[A-Za-z0-9.-]+(:[0-9]+)?"), "play-domain must be a host name: " + playDomain);
		require(ioThreads > 0, "io-threads must be positive: " + ioThreads);
	}

	/**
	 * The defaults: 127.0.0.1 on a free port, AccessKey {@value #DEFAULT_ACCESS_KEY_ID} /
	 * {@value #DEFAULT_ACCESS_KEY_SECRET}, cn-shanghai, 360 calls/s per action in a sliding window,
	 * {@code Throttling.User} as HTTP 400, no latency, 15 minutes of timestamp tolerance, one million nonces,
	 * 100,000 tracked video ids, the system UTC clock and one event loop per core.
	 */
	public static EmulatorOptions defaults() {
		return new EmulatorOptions("127.0.0.1", 0, List.of(AccessKey.of(DEFAULT_ACCESS_KEY_ID,
				DEFAULT_ACCESS_KEY_SECRET)), "cn-shanghai", 360, Map.of(), QuotaWindow.SLIDING, 400, Duration.ZERO,
				Duration.ZERO, Duration.ofMinutes(15), 1_000_000, 100_000, "vod.emulator.test", Clock.systemUTC(),
				Math.max(1, Runtime.getRuntime().availableProcessors()));
	}

	/** These options listening on another address. */
	public EmulatorOptions withHost(String value) {
		return new EmulatorOptions(value, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options listening on another port (0 = any free port). */
	public EmulatorOptions withPort(int value) {
		return new EmulatorOptions(host, value, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options accepting exactly one static AccessKey. */
	public EmulatorOptions withCredentials(String accessKeyId, String accessKeySecret) {
		return withAccessKeys(List.of(AccessKey.of(accessKeyId, accessKeySecret)));
	}

	/** These options accepting exactly one STS AccessKey, whose requests must carry {@code securityToken}. */
	public EmulatorOptions withCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
		return withAccessKeys(List.of(AccessKey.sts(accessKeyId, accessKeySecret, securityToken)));
	}

	/** These options accepting one more AccessKey besides the current ones. */
	public EmulatorOptions plusAccessKey(AccessKey key) {
		List<AccessKey> keys = new ArrayList<>(accessKeys);
		keys.add(key);
		return withAccessKeys(keys);
	}

	/** These options accepting exactly the given AccessKeys. */
	public EmulatorOptions withAccessKeys(List<AccessKey> value) {
		return new EmulatorOptions(host, port, value, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options in another region. */
	public EmulatorOptions withRegionId(String value) {
		return new EmulatorOptions(host, port, accessKeys, value, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options with another quota for every action (calls per second). */
	public EmulatorOptions withQps(int value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, value, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options with a quota for one action overriding {@link #qps()}. */
	public EmulatorOptions withQps(String action, int value) {
		Map<String, Integer> limits = new TreeMap<>(actionQps);
		limits.put(action, value);
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, limits, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options counting the quota in another kind of window. */
	public EmulatorOptions withQuotaWindow(QuotaWindow value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, value, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options answering {@code Throttling.User} with another HTTP status. */
	public EmulatorOptions withThrottleStatus(int value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, value, latency,
				jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options adding a fixed latency plus a random jitter to every answer from the start. */
	public EmulatorOptions withLatency(Duration fixed, Duration randomJitter) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				fixed, randomJitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock,
				ioThreads);
	}

	/** These options with another Timestamp tolerance (VOD: 15 minutes). */
	public EmulatorOptions withTimestampTolerance(Duration value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, value, nonceCapacity, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options remembering at most this many SignatureNonces. */
	public EmulatorOptions withNonceCapacity(int value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, value, maxTrackedVideos, playDomain, clock, ioThreads);
	}

	/** These options counting at most this many distinct video ids individually. */
	public EmulatorOptions withMaxTrackedVideos(int value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, value, playDomain, clock, ioThreads);
	}

	/** These options with another default playback domain. */
	public EmulatorOptions withPlayDomain(String value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, value, clock, ioThreads);
	}

	/** These options reading time from another clock (tests move a fake one). */
	public EmulatorOptions withClock(Clock value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, value, ioThreads);
	}

	/** These options with another number of event-loop threads. */
	public EmulatorOptions withIoThreads(int value) {
		return new EmulatorOptions(host, port, accessKeys, regionId, qps, actionQps, quotaWindow, throttleStatus,
				latency, jitter, timestampTolerance, nonceCapacity, maxTrackedVideos, playDomain, clock, value);
	}

	/** The quota of one action. */
	public int qpsOf(String action) {
		return actionQps.getOrDefault(action, qps);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}
}
