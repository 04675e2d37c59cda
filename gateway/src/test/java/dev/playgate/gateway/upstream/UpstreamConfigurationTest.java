package dev.playgate.gateway.upstream;

import dev.playgate.gateway.budget.BudgetConfiguration;
import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.budget.FairBudget;
import dev.playgate.gateway.budget.LocalUpstreamBudget;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.playinfo.PlayInfoProperties;
import dev.playgate.gateway.time.TimeConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

final class UpstreamConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("playgate.vod.endpoint=127.0.0.1:1", "playgate.vod.protocol=http",
				"playgate.vod.access-key-id=testAk", "playgate.vod.access-key-secret=testSecret")
		.withUserConfiguration(TimeConfiguration.class, Infrastructure.class, BudgetConfiguration.class);

	@Test
	void wiresTheGuardedUpstreamOverTheAccountQuota() {
		runner.withUserConfiguration(UpstreamConfiguration.class).run(context -> {
			assertThat(context).hasSingleBean(GuardedUpstream.class);
			assertThat(context.getBean(UpstreamBudget.class)).isInstanceOf(FairBudget.class);
			assertThat(context.getBean(AccountQuota.class).budget()).isInstanceOf(LocalUpstreamBudget.class);
			assertThat(context.getBean(BudgetPolicy.class).permitsPerSecond()).isEqualTo(300);
			assertThat(context.getBeanProvider(CredentialSource.class).getIfUnique())
				.as("the VOD stage is not injected by type")
				.isInstanceOf(GuardedUpstream.class);
		});
	}

	@Test
	void badPropertiesStopTheContextWithTheKeyInTheMessage() {
		runner.withUserConfiguration(UpstreamConfiguration.class)
			.withPropertyValues("playgate.upstream.permits-per-second=1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("playgate.upstream.permits-per-second"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ VodProperties.class, UpstreamProperties.class, PlayInfoProperties.class })
	static class Infrastructure {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}
	}
}
