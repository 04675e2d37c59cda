package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the replicas share the upstream budget through Redis ({@code playgate.redis.budget.*}); the budget itself is
 * {@code playgate.upstream.permits-per-second}, per action, for the whole cluster.
 *
 * @param expectedReplicas how many replicas share the budget; while Redis is unavailable each replica spends
 * {@code permits-per-second / expected-replicas} on its own, so set it to the most replicas that may run
 * @param batch how many permits a replica takes from Redis at once (also the bucket's burst, in permits)
 * @param tokenValidity how long fetched permits stay usable; unused ones are dropped, so no replica can hoard
 * @param clock {@code redis} (the script reads Redis's {@code TIME}) or {@code local} (the replica passes its own
 * wall clock, for managed Redis flavours that refuse {@code TIME} in scripts)
 * @param throttleDecrease what the cluster rate is multiplied by when VOD answers {@code Throttling.User}
 * @param throttleCooldown throttling reports within this time of a decrease count as the same episode
 * @param recoveryPerSecond how much of the full rate comes back per second after a decrease (additive increase)
 * @param minShare the least fraction of the rate that throttling can shrink it to
 */
@ConfigurationProperties("playgate.redis.budget")
public record ClusterBudgetProperties(@DefaultValue("3") int expectedReplicas, @DefaultValue("4") int batch,
		@DefaultValue("20ms") Duration tokenValidity, @DefaultValue("redis") String clock,
		@DefaultValue("0.7") double throttleDecrease,
		@DefaultValue("1s") Duration throttleCooldown, @DefaultValue("0.02") double recoveryPerSecond,
		@DefaultValue("0.1") double minShare) {

	/** Validates every setting; messages name the key and the value. */
	public ClusterBudgetProperties {
		clock = clock.trim().toLowerCase(Locale.ROOT);
		check(expectedReplicas >= 1, "expected-replicas must be at least 1: " + expectedReplicas);
		check(batch >= 1 && batch <= 64, "batch must be within 1..64: " + batch);
		check(isPositive(tokenValidity) && tokenValidity.compareTo(Duration.ofSeconds(1)) <= 0,
				"token-validity must be within (0, 1s]: " + tokenValidity);
		check(clock.equals("redis") || clock.equals("local"), "clock must be 'redis' or 'local': '" + clock + "'");
		check(throttleDecrease > 0 && throttleDecrease < 1,
				"throttle-decrease must be within (0, 1): " + throttleDecrease);
		check(!throttleCooldown.isNegative(), "throttle-cooldown must not be negative: " + throttleCooldown);
		check(recoveryPerSecond > 0 && recoveryPerSecond <= 1,
				"recovery-per-second must be within (0, 1]: " + recoveryPerSecond);
		check(minShare > 0 && minShare <= 1, "min-share must be within (0, 1]: " + minShare);
	}

	/** Every setting at its default. */
	public static ClusterBudgetProperties defaults() {
		return new ClusterBudgetProperties(3, 4, Duration.ofMillis(20), "redis", 0.7, Duration.ofSeconds(1), 0.02,
				0.1);
	}

	/** Whether the budget script takes the time from this replica's clock rather than from Redis. */
	public boolean isLocalClock() {
		return clock.equals("local");
	}

	/** The same settings with another clock source. */
	public ClusterBudgetProperties withClock(String other) {
		return new ClusterBudgetProperties(expectedReplicas, batch, tokenValidity, other, throttleDecrease,
				throttleCooldown, recoveryPerSecond, minShare);
	}

	/** The same settings expecting another number of replicas. */
	public ClusterBudgetProperties withExpectedReplicas(int replicas) {
		return new ClusterBudgetProperties(replicas, batch, tokenValidity, clock, throttleDecrease, throttleCooldown,
				recoveryPerSecond, minShare);
	}

	/**
	 * The local budget each replica spends on its own while Redis is unavailable: the cluster's
	 * {@code permits-per-second} divided by {@code expected-replicas} (at least the local budget's minimum).
	 */
	public BudgetPolicy failOpenShare(BudgetPolicy cluster) {
		int share = Math.max(BudgetPolicy.MIN_PERMITS_PER_SECOND, cluster.permitsPerSecond() / expectedReplicas);
		return cluster.withPermitsPerSecond(share);
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void check(boolean valid, String message) {
		if (!valid) {
			throw new IllegalArgumentException("playgate.redis.budget." + message);
		}
	}
}
