package dev.playgate.gateway.upstream;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.playinfo.PlayInfoProperties;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the upstream stages: the one VOD client, the VOD stage and {@link GuardedUpstream}, the
 * stage the pipeline puts in front of VOD; both keep the account's quota that {@code budget/} builds from the
 * {@link BudgetPolicy} these properties describe.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamConfiguration {

	/** The budget rules of {@code playgate.upstream.*}, for the account's quota. */
	@Bean
	BudgetPolicy budgetPolicy(UpstreamProperties upstream) {
		return upstream.budget();
	}

	/** The VOD client {@code playgate.vod.transport} chooses, built once; closing it releases its resources. */
	@Bean(destroyMethod = "close")
	VodClient vodClient(VodProperties vod, UpstreamProperties upstream, Clock clock) {
		return VodClient.of(vod, upstream.maxConcurrentCalls(), clock);
	}

	/** The VOD stage; not injected by type, so the only {@code CredentialSource} beans are the pipeline's stages. */
	@Bean(defaultCandidate = false)
	VodUpstream vodUpstream(VodClient vodClient, VodProperties vod, PlayInfoProperties playInfo, AccountQuota quota,
			Clock clock, Ticker ticker, MeterRegistry registry) {
		return new VodUpstream(vodClient, playInfo.playDomain(), vod.clockSkew(), quota, clock, ticker, registry);
	}

	/** The upstream stage of the pipeline. */
	@Bean
	GuardedUpstream guardedUpstream(@Qualifier("vodUpstream") VodUpstream vodUpstream, UpstreamBudget budget,
			UpstreamProperties upstream, Clock clock, Scheduler scheduler, MeterRegistry registry) {
		return GuardedUpstream.of(vodUpstream, budget, upstream, clock, scheduler, registry);
	}
}
