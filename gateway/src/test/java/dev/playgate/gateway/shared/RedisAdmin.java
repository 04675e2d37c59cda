package dev.playgate.gateway.shared;

import java.time.Duration;

import dev.playgate.gateway.credential.CredentialKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.awaitility.Awaitility;

/** A plain Lettuce connection the tests use to look into Redis, apart from the replicas' own. */
final class RedisAdmin implements AutoCloseable {

	private final RedisClient client;
	private final StatefulRedisConnection<String, String> connection;
	private final SharedKeys keys = new SharedKeys("playgate");

	private RedisAdmin(String url) {
		this.client = RedisClient.create(url);
		this.connection = client.connect();
	}

	static RedisAdmin of(String url) {
		return new RedisAdmin(url);
	}

	/** Waits until some replica holds {@code key}'s lease. */
	void awaitLease(CredentialKey key) {
		Awaitility.await("lease of " + key)
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> connection.sync().exists(keys.lease(key)) == 1);
	}

	/** The remaining TTL of {@code key}'s L2 entry in milliseconds (negative when absent). */
	long entryTtlMillis(CredentialKey key) {
		return connection.sync().pttl(keys.entry(key));
	}

	@Override
	public void close() {
		connection.close();
		client.shutdown();
	}
}
