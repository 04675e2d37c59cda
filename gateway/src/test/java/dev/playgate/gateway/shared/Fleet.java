package dev.playgate.gateway.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Several replicas of the shared tier in one JVM, each with its own Lettuce client, metrics and counting inner stage,
 * as separate gateway processes would have.
 */
final class Fleet implements AutoCloseable {

	static final Duration LIFETIME = Duration.ofSeconds(3000);

	final List<Replica> replicas = new ArrayList<>();

	/** One replica: its link to Redis, its shared tier over its own inner stage, and its metrics. */
	record Replica(RedisLink link, SimpleMeterRegistry meters, CountingSource inner, SharedTier tier,
			CredentialSource stage) {

		Mono<Served> fetch(CredentialRequest request) {
			return stage.fetch(request);
		}

		double counter(String name, String tag, String value) {
			var counter = meters.find(name).tag(tag, value).counter();
			return counter == null ? 0 : counter.count();
		}
	}

	private Fleet(int size, RedisProperties properties, Duration upstreamDelay) {
		Clock clock = Clock.systemUTC();
		for (int i = 0; i < size; i++) {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			RedisLink link = RedisLink.open(properties, Ticker.systemTicker(), meters);
			CountingSource inner = CountingSource.answering(clock, LIFETIME, upstreamDelay);
			SharedTier tier = SharedTier.of(link, clock, Ticker.systemTicker(), meters);
			replicas.add(new Replica(link, meters, inner, tier, tier.over(inner)));
		}
	}

	static Fleet of(int size, RedisProperties properties, Duration upstreamDelay) {
		return new Fleet(size, properties, upstreamDelay);
	}

	Replica replica(int index) {
		return replicas.get(index);
	}

	int upstreamCalls() {
		return replicas.stream().mapToInt(r -> r.inner().calls()).sum();
	}

	double sum(String name, String tag, String value) {
		return replicas.stream().mapToDouble(r -> r.counter(name, tag, value)).sum();
	}

	/** A key no other test uses. */
	static CredentialKey freshKey() {
		return key(UUID.randomUUID().toString().replace("-", ""));
	}

	static CredentialKey key(String videoId) {
		return CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(videoId), Map.of("AuthInfoTimeout", "3000"));
	}

	@Override
	public void close() {
		replicas.forEach(r -> r.link().close());
	}
}
