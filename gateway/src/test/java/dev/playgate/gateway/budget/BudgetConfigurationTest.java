package dev.playgate.gateway.budget;

import java.time.Duration;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.shared.SharedTierConfiguration;
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

/** Which budget the account's quota is kept in, chosen by whether Redis is configured. */
final class BudgetConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TimeConfiguration.class, Infrastructure.class, SharedTierConfiguration.class,
				BudgetConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ RedisProperties.class, UpstreamProperties.class })
	static class Infrastructure {

		@Bean
		BudgetPolicy budgetPolicy(UpstreamProperties upstream) {
			BudgetPolicy configured = upstream.budget(); // playgate.upstream.*, 120 calls/s here
			return configured.withPermitsPerSecond(120);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}
	}

	@Test
	void withoutRedisTheBudgetIsThisProcessAlone() {
		runner.run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(AccountQuota.class);
			UpstreamBudget quota = context.getBean(AccountQuota.class).budget();
			assertThat(quota).isInstanceOf(LocalUpstreamBudget.class);
			assertThat(((LocalUpstreamBudget) quota).policy().permitsPerSecond()).isEqualTo(120);
		});
	}

	@Test
	void theFairShareBetweenClientsIsOnByDefault() {
		runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(UpstreamBudget.class)).isInstanceOf(FairBudget.class);
			assertThat(((FairBudget) context.getBean(UpstreamBudget.class)).shared())
				.isSameAs(context.getBean(AccountQuota.class).budget());
		});
	}

	@Test
	void theFairShareCanBeTurnedOff() {
		runner.withPropertyValues("playgate.upstream.fair-share=false").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(UpstreamBudget.class)).isSameAs(context.getBean(AccountQuota.class).budget());
		});
	}

	@Test
	void redisMakesTheBudgetClusterWideEvenWhenRedisIsDown() {
		runner.withPropertyValues("playgate.redis.url=redis://127.0.0.1:" + RedisProcess.freePort(),
				"playgate.redis.connect-timeout=200ms")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AccountQuota.class).budget()).isInstanceOf(ClusterUpstreamBudget.class);
			});
	}

	@Test
	void everyActionHasItsOwnSendWindow() {
		runner.run(context -> {
			AccountQuota quota = context.getBean(AccountQuota.class);
			assertThat(quota.sendWindow(Action.PLAY_AUTH)).isNotNull().isNotSameAs(quota.sendWindow(Action.PLAY_INFO));
		});
	}

	@Test
	void badClusterSettingsStopTheStartNamingTheKey() {
		runner.withPropertyValues("playgate.redis.budget.batch=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("playgate.redis.budget.batch"));
	}
}
