package dev.playgate.gateway.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The cluster's upstream budget per action in Redis: a GCRA bucket (one hash per action holding the theoretical
 * arrival time {@code tat}) with {@code batch} permits of burst, so in any window of W seconds it grants at most
 * {@code rate * W + batch} permits. A throttle shrinks the rate by {@code throttle-decrease} (at most once per
 * cooldown) and it comes back by {@code recovery-per-second} of the full rate per second, computed lazily from the
 * time of the last decrease, so nothing runs in the background. Refreshes may only take a permit while
 * {@code refresh-reserve} of the burst (at least one permit) stays free for players. Times are microseconds, from
 * Redis's {@code TIME} or passed in.
 */
final class ClusterBucket {

	private static final String STATE = """
			local now = ARGV[1]
			if now == '' then
			  local t = redis.call('TIME')
			  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
			else
			  now = tonumber(now)
			end
			local state = redis.call('HMGET', KEYS[1], 'tat', 'factor', 'since')
			local since = tonumber(state[3]) or now
			local factor = math.min(1, (tonumber(state[2]) or 1) + tonumber(ARGV[2]) * math.max(0, now - since) / 1e6)
			""";

	private static final RedisScript TAKE = RedisScript.of(STATE + """
			local interval = 1e6 / (tonumber(ARGV[3]) * factor)
			local room = tonumber(ARGV[4]) * interval
			local tat = math.max(tonumber(state[1]) or now, now)
			local want = tonumber(ARGV[5])
			local granted = math.max(0, math.min(want, math.floor((now + room - tat) / interval + 1e-9)))
			if granted > 0 then
			  tat = tat + granted * interval
			  redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', tat))
			  redis.call('PEXPIRE', KEYS[1], 120000)
			end
			return {granted, math.ceil(math.max(0, tat + want * interval - room - now)), math.floor(factor * 1e6)}
			""");

	private static final RedisScript SHRINK = RedisScript.of(STATE + """
			if state[3] and now - since < tonumber(ARGV[5]) then
			  return math.floor(factor * 1e6)
			end
			factor = math.max(tonumber(ARGV[4]), factor * tonumber(ARGV[3]))
			redis.call('HSET', KEYS[1], 'factor', string.format('%.6f', factor), 'since', string.format('%.0f', now))
			redis.call('PEXPIRE', KEYS[1], 120000)
			return math.floor(factor * 1e6)
			""");

	private final RedisLink link;
	private final ClusterBudgetProperties properties;
	private final double permitsPerSecond;
	private final int refreshRoom;
	private final Clock clock;
	private final String prefix;

	ClusterBucket(RedisLink link, ClusterBudgetProperties properties, BudgetPolicy policy, Clock clock) {
		this.link = link;
		this.properties = properties;
		this.permitsPerSecond = policy.permitsPerSecond();
		int reserve = Math.max(1, (int) Math.ceil(properties.batch() * policy.refreshReserve()));
		this.refreshRoom = Math.max(0, properties.batch() - reserve);
		this.clock = clock;
		this.prefix = link.properties().keyPrefix() + ":budget:";
	}

	/**
	 * What one take got: {@code granted} permits, how long until {@code want} more would be available, and the rate
	 * factor now in force.
	 */
	record Grant(int granted, Duration nextIn, double factor) {
	}

	/** Takes up to {@code want} permits; a refresh leaves the reserve to players. */
	Mono<Grant> take(Action action, int want, boolean refresh) {
		if (refresh && refreshRoom == 0) {
			return Mono.just(new Grant(0, Duration.ZERO, 1));
		}
		int room = refresh ? refreshRoom : properties.batch();
		return link
			.evalMulti("budget.take", TAKE, new String[] { prefix + action.pathSegment() }, now(),
					RedisScript.arg(Double.toString(properties.recoveryPerSecond())),
					RedisScript.arg(Double.toString(permitsPerSecond)), RedisScript.arg(room),
					RedisScript.arg(want))
			.map(ClusterBucket::toGrant);
	}

	private static Grant toGrant(List<Object> answer) {
		return new Grant(((Long) answer.get(0)).intValue(), Duration.ofNanos((Long) answer.get(1) * 1000),
				(Long) answer.get(2) / 1e6);
	}

	/** Shrinks the rate after a throttle (once per cooldown); the factor now in force. */
	Mono<Double> shrink(Action action) {
		return link
			.evalInteger("budget.shrink", SHRINK, new String[] { prefix + action.pathSegment() }, now(),
					RedisScript.arg(Double.toString(properties.recoveryPerSecond())),
					RedisScript.arg(Double.toString(properties.throttleDecrease())),
					RedisScript.arg(Double.toString(properties.minShare())),
					RedisScript.arg(properties.throttleCooldown().toNanos() / 1000))
			.map(factor -> factor / 1e6);
	}

	private byte[] now() {
		if (!properties.isLocalClock()) {
			return new byte[0];
		}
		Instant instant = clock.instant();
		return RedisScript.arg(instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000);
	}
}
