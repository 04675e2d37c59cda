package dev.playgate.gateway.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisScript;
import io.lettuce.core.RedisException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The three scripts of the fill protocol, each one round trip touching one Cluster slot (the video's). An L2 entry is
 * a hash of its expiry ({@code e}, epoch milliseconds), the video generation it was filled in ({@code g}) and its
 * encoded form ({@code b}), living in Redis until it expires. {@code claim} answers an entry of the video's current
 * generation that expires late enough by the caller's clock, else takes the lease ({@code SET NX PX} with a unique
 * token) and tells the holder the generation, else tells how long the current lease has left. {@code fill} stores the
 * entry (unless a longer-lived one of the same generation is there) only if the video was not purged since the claim
 * (its generation is unchanged), records it in the video's index, publishes it and releases the lease
 * (compare-and-delete, so a holder whose lease expired and was taken over never releases its successor's); a fill
 * that lost to a purge stores nothing and tells the waiters to claim again. {@code abandon} publishes a failure or a
 * give-up and releases. {@code renew} extends the lease only for its holder (compare-and-expire).
 *
 * <p>
 * Leases are short ({@code lease-lapse}) and renewed by a live holder while its call runs, up to {@code lease-ttl}:
 * a holder that dies stops renewing and its lease lapses within {@code lease-lapse}, so its waiters take over at once
 * rather than after the longest call VOD could take; a holder whose call is merely slow keeps its lease. A fill or
 * release that Redis fails to run leaves a lease nobody renews, which lapses the same way.
 */
final class Leases {

	private static final RedisScript CLAIM = RedisScript.of("""
			local generation = redis.call('GET', KEYS[3]) or '0'
			local entry = redis.call('HMGET', KEYS[1], 'e', 'g', 'b')
			local expires = tonumber(entry[1])
			if expires and expires >= tonumber(ARGV[1]) and (entry[2] or '0') == generation then
			  return {0, entry[3]}
			end
			if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
			  return {1, generation}
			end
			return {2, redis.call('PTTL', KEYS[2])}
			""");

	private static final RedisScript FILL = RedisScript.of("""
			local function release()
			  if redis.call('GET', KEYS[2]) == ARGV[4] then
			    redis.call('DEL', KEYS[2])
			  end
			end
			local generation = redis.call('GET', KEYS[3]) or '0'
			if generation ~= ARGV[6] then
			  redis.call('PUBLISH', ARGV[5], '\\3')
			  release()
			  return 0
			end
			local ttl = tonumber(ARGV[3])
			local current = redis.call('HMGET', KEYS[1], 'e', 'g')
			local expires = tonumber(current[1])
			if ttl > 0 and (not expires or expires < tonumber(ARGV[2]) or (current[2] or '0') ~= generation) then
			  redis.call('HSET', KEYS[1], 'e', ARGV[2], 'g', generation, 'b', ARGV[1])
			  redis.call('PEXPIRE', KEYS[1], ttl)
			  redis.call('SADD', KEYS[4], ARGV[7])
			  if redis.call('PTTL', KEYS[4]) < ttl then
			    redis.call('PEXPIRE', KEYS[4], ttl)
			  end
			end
			redis.call('PUBLISH', ARGV[5], '\\1' .. ARGV[1])
			release()
			return 1
			""");

	private static final RedisScript RENEW = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return 0
			""");

	private static final RedisScript ABANDON = RedisScript.of("""
			redis.call('PUBLISH', ARGV[2], ARGV[3])
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  redis.call('DEL', KEYS[1])
			end
			return 1
			""");

	private final RedisLink link;
	private final SharedKeys keys;
	private final Clock clock;
	private final byte[] lapse;
	private final Duration renewEvery;
	private final long renewals;
	private final Scheduler scheduler;

	/**
	 * Leases that live {@code lapse} unless renewed; a holder renews its lease every quarter of that while its call
	 * runs, for at most {@code maxHold} (the lease TTL), timed on {@code scheduler}.
	 */
	Leases(RedisLink link, SharedKeys keys, Clock clock, Duration lapse, Duration maxHold, Scheduler scheduler) {
		this.link = link;
		this.keys = keys;
		this.clock = clock;
		this.lapse = RedisScript.arg(lapse.toMillis());
		this.renewEvery = lapse.dividedBy(4);
		// the ticks strictly before maxHold: tick i comes at (i + 1) * renewEvery
		this.renewals = (maxHold.toNanos() + renewEvery.toNanos() - 1) / renewEvery.toNanos() - 1;
		this.scheduler = scheduler;
	}

	/** The outcome of a claim. */
	sealed interface Claim {

		/** L2 holds an entry with at least the requested validity left. */
		record Hit(byte[] entry) implements Claim {
		}

		/** This request now holds the lease and must fill the key, under the video's {@code generation}. */
		record Leased(byte[] generation) implements Claim {
		}

		/** Another request holds the lease for {@code remaining}. */
		record Held(Duration remaining) implements Claim {
		}

		/** Redis did not answer: carry on without the shared tier. */
		record Unavailable() implements Claim {
		}
	}

	Mono<Claim> claim(CredentialRequest request, String token) {
		CredentialKey key = request.key();
		long minExpiresAt = ceilMillis(clock.instant().plus(request.minValidity()));
		return link
			.evalMulti("claim", CLAIM,
					new String[] { keys.entry(key), keys.lease(key), keys.generation(key.videoId()) },
					RedisScript.arg(minExpiresAt),
					RedisScript.arg(token), lapse)
			.map(Leases::toClaim)
			.onErrorResume(RedisException.class, unavailable -> Mono.just(new Claim.Unavailable()));
	}

	private static Claim toClaim(List<Object> answer) {
		long kind = (Long) answer.get(0);
		if (kind == 0) {
			return new Claim.Hit((byte[]) answer.get(1));
		}
		if (kind == 1) {
			return new Claim.Leased((byte[]) answer.get(1));
		}
		return new Claim.Held(Duration.ofMillis(Math.max(0, (Long) answer.get(1))));
	}

	/**
	 * Stores, publishes and releases, unless the video was purged since the claim that returned {@code generation};
	 * never fails (without Redis the fill simply stays local).
	 */
	Mono<Void> fill(Credential credential, String token, byte[] generation) {
		CredentialKey key = credential.key();
		long ttl = credential.remainingAt(clock.instant()).toMillis();
		String[] names = { keys.entry(key), keys.lease(key), keys.generation(key.videoId()),
				keys.index(key.videoId()) };
		return link
			.evalInteger("fill", FILL, names, EntryCodec.encode(credential),
					RedisScript.arg(credential.expiresAt().toEpochMilli()), RedisScript.arg(Math.max(0, ttl)),
					RedisScript.arg(token), RedisScript.arg(keys.channel(key)), generation,
					RedisScript.arg(key.canonical()))
			.onErrorResume(RedisException.class, unavailable -> Mono.empty())
			.then();
	}

	/**
	 * Keeps the lease {@code token} holds on {@code key} alive: renews it every quarter of its lapse until cancelled
	 * (the holder's call ended), until it is lost (taken over after all), or for at most the lease TTL. A renewal that
	 * Redis fails to answer is retried at the next tick; if none succeeds the lease simply lapses, which costs one
	 * more upstream call, never correctness. Completes, never fails.
	 */
	Mono<Void> keepAlive(CredentialKey key, String token) {
		// counting the ticks bounds the renewals by the lease TTL with the one timer they need, not a second one per
		// call; a tick that comes while a renewal is still on its way is dropped, not an overflow
		return Flux.interval(renewEvery, renewEvery, scheduler)
			.takeWhile(tick -> tick < renewals)
			.onBackpressureDrop()
			.concatMap(tick -> renew(key, token), 1)
			.takeWhile(Boolean::booleanValue)
			.then()
			.onErrorComplete();
	}

	private Mono<Boolean> renew(CredentialKey key, String token) {
		return link.evalInteger("renew", RENEW, new String[] { keys.lease(key) }, RedisScript.arg(token), lapse)
			.map(renewed -> renewed == 1)
			.onErrorResume(RedisException.class, unavailable -> Mono.just(true));
	}

	/** Publishes {@code message} to the key's waiters and releases; never fails. */
	Mono<Void> abandon(CredentialKey key, String token, byte[] message) {
		return link
			.evalInteger("abandon", ABANDON, new String[] { keys.lease(key) }, RedisScript.arg(token),
					RedisScript.arg(keys.channel(key)), message)
			.onErrorResume(RedisException.class, unavailable -> Mono.empty())
			.then();
	}

	private static long ceilMillis(Instant instant) {
		long millis = instant.toEpochMilli();
		return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
	}
}
