package dev.playgate.gateway.shared;

import java.time.Duration;

import dev.playgate.gateway.budget.RecordingBudget;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.time.TimeConfiguration;
import dev.playgate.gateway.upstream.UpstreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the shared tier's beans exist, and what they are. */
final class SharedTierConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TimeConfiguration.class, Infrastructure.class, SharedTierConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ RedisProperties.class, UpstreamProperties.class })
	static class Infrastructure {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		UpstreamBudget upstreamBudget() {
			return new RecordingBudget();
		}
	}

	@Test
	void withoutRedisThereIsNoSharedTierAndNoRedisLink() {
		runner.run(context -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SharedTier.class).doesNotHaveBean(RedisLink.class);
		});
	}

	@Test
	void blankRedisSettingsMeanSingleNodeMode() {
		runner.withPropertyValues("playgate.redis.url=  ", "playgate.redis.cluster-nodes=")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisLink.class));
	}

	@Test
	void redisUrlBringsTheSharedTierEvenWhenRedisIsDown() {
		runner.withPropertyValues("playgate.redis.url=redis://127.0.0.1:" + RedisProcess.freePort(),
				"playgate.redis.connect-timeout=200ms")
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(SharedTier.class);
				assertThat(context.getBean(RedisLink.class).isDown()).isTrue();
			});
	}

	@Test
	void clusterNodesAsAnIndexedListBringTheSharedTier() {
		runner.withPropertyValues("playgate.redis.cluster-nodes[0]=127.0.0.1:" + RedisProcess.freePort(),
				"playgate.redis.connect-timeout=200ms")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(SharedTier.class));
	}

	@Test
	void invalidRedisUrlStopsTheStartNamingTheKeyButNotThePassword() {
		runner.withPropertyValues("playgate.redis.url=http://:hunter2@cache:6379").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("playgate.redis.url")
				.hasMessageNotContaining("hunter2");
		});
	}

	@Test
	void longestUpstreamCallIsEveryAttemptTimingOutWithTheLongestBackoffs() {
		runner.run(context -> assertThat(
				SharedTierConfiguration.longestUpstreamCall(context.getBean(UpstreamProperties.class)))
			.isEqualTo(Duration.ofSeconds(5 * 3 + 2 * 2)));
	}
}
