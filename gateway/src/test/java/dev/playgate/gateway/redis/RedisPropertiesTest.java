package dev.playgate.gateway.redis;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

final class RedisPropertiesTest {

	private static RedisProperties properties(String url, List<String> nodes) {
		return new RedisProperties(url, nodes, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(15),
				Duration.ofSeconds(15), "playgate", Duration.ofSeconds(1),
				Duration.ofMillis(1500));
	}

	@Test
	void noUrlAndNoNodesIsSingleNodeMode() {
		assertThat(properties(null, null).isEnabled()).isFalse();
		assertThat(properties("  ", List.of(" ")).isEnabled()).isFalse();
	}

	@Test
	void standaloneSentinelAndTlsUrlsAreAccepted() {
		assertThat(properties("redis://127.0.0.1:6379", null).redisUris()).hasSize(1);
		assertThat(properties("rediss://cache.example:6380/0", null).isCluster()).isFalse();
		assertThat(properties("redis-sentinel://s1:26379,s2:26379/0#mymaster", null).redisUris().get(0).getSentinels())
			.hasSize(2);
	}

	@Test
	void clusterNodesBecomeSeedUris() {
		RedisProperties cluster = properties(null, List.of("10.0.0.1:7000", " redis://10.0.0.2:7001 "));

		assertThat(cluster.isCluster()).isTrue();
		assertThat(cluster.redisUris()).extracting(uri -> uri.getHost() + ":" + uri.getPort())
			.containsExactly("10.0.0.1:7000", "10.0.0.2:7001");
	}

	@Test
	void urlAndClusterNodesTogetherAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties("redis://a:1", List.of("b:2")))
			.withMessageContaining("not both");
	}

	@Test
	void otherSchemesAreRefusedWithoutShowingThePassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties("http://:hunter2@host:6379", null))
			.withMessageContaining("playgate.redis.url")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void passwordNeverAppearsInToString() {
		RedisProperties secret = properties("redis://user:hunter2@cache:6379", null);

		assertThat(secret.toString()).doesNotContain("hunter2").contains("<redacted>@cache:6379");
		assertThat(RedisProperties.redact("redis-sentinel://pw@s1:26379,s2/0#m")).isEqualTo(
				"redis-sentinel://<redacted>@s1:26379,s2/0#m");
	}

	@Test
	void nonPositiveTimingsAreRefusedNamingTheKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisProperties("redis://a:1", null, Duration.ZERO, Duration.ofSeconds(1),
					Duration.ofSeconds(15), Duration.ofSeconds(15), "playgate", Duration.ofSeconds(1),
					Duration.ofMillis(1500)))
			.withMessage("playgate.redis.command-timeout must be positive: PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisProperties.of("redis://a:1")
				.withTimings(Duration.ofMillis(1), Duration.ofSeconds(-1), Duration.ofSeconds(1)))
			.withMessageContaining("playgate.redis.lease-ttl");
	}

	@Test
	void keyPrefixWithGlobOrHashTagCharactersIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisProperties("redis://a:1", null, Duration.ofMillis(100), Duration.ofSeconds(1),
					Duration.ofSeconds(15), Duration.ofSeconds(15), "play*{gate}", Duration.ofSeconds(1),
					Duration.ofMillis(1500)))
			.withMessageContaining("playgate.redis.key-prefix");
	}

	@Test
	void leaseLapseLongerThanTheLeaseTtlIsRefusedNamingBothKeys() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisProperties.of("redis://a:1").withLeaseLapse(Duration.ofSeconds(30)))
			.withMessage("playgate.redis.lease-lapse must not be longer than lease-ttl (PT20S): PT30S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisProperties.of("redis://a:1").withLeaseLapse(Duration.ZERO))
			.withMessage("playgate.redis.lease-lapse must be positive: PT0S");
	}
}
