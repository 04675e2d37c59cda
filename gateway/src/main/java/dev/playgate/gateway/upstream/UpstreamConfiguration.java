package dev.playgate.gateway.upstream;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.LocalUpstreamBudget;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.playinfo.PlayInfoProperties;
import dev.playgate.gateway.redis.RedisConfigured;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the upstream stages: the one SDK client and its scheduler, the VOD stage, the local budget (unless another
 * {@link UpstreamBudget}, e.g. the cluster-wide one, is defined) and {@link GuardedUpstream}, the stage the pipeline
 * puts in front of VOD.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamConfiguration {

	/** The SDK client, built once; closing it stops its scheduler. */
	@Bean(destroyMethod = "close")
	VodClient vodClient(VodProperties vod, UpstreamProperties upstream) {
		return VodClient.of(vod, upstream.maxConcurrentCalls());
	}

	/** The VOD stage; not injected by type, so the only {@code CredentialSource} beans are the pipeline's stages. */
	@Bean(defaultCandidate = false)
	VodUpstream vodUpstream(VodClient vodClient, VodProperties vod, UpstreamProperties upstream,
			PlayInfoProperties playInfo, Clock clock, Ticker ticker, MeterRegistry registry) {
		return new VodUpstream(vodClient, playInfo.playDomain(), vod.clockSkew(), upstream.permitsPerSecond(), clock,
				ticker, registry);
	}

	/** This process's budget, in single-node mode (with Redis the cluster-wide budget takes its place). */
	@Bean
	@Conditional(RedisConfigured.Absent.class)
	@ConditionalOnMissingBean(UpstreamBudget.class)
	LocalUpstreamBudget upstreamBudget(UpstreamProperties upstream, Ticker ticker, MeterRegistry registry) {
		return LocalUpstreamBudget.of(upstream.budget(), ticker, registry);
	}

	/** The upstream stage of the pipeline. */
	@Bean
	GuardedUpstream guardedUpstream(@Qualifier("vodUpstream") VodUpstream vodUpstream, UpstreamBudget budget,
			UpstreamProperties upstream, Clock clock, MeterRegistry registry) {
		return GuardedUpstream.of(vodUpstream, budget, upstream, clock, registry);
	}
}
