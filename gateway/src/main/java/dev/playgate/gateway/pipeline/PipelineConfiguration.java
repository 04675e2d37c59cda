package dev.playgate.gateway.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.local.CacheProperties;
import dev.playgate.gateway.local.LocalTier;
import dev.playgate.gateway.local.LocalTierMetrics;
import dev.playgate.gateway.local.NegativeCache;
import dev.playgate.gateway.playauth.LocalJwtPlayAuth;
import dev.playgate.gateway.playauth.PlayAuthProperties;
import dev.playgate.gateway.purge.VideoGenerations;
import dev.playgate.gateway.shared.SharedTier;
import dev.playgate.gateway.upstream.GuardedUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the pipeline. Read top to bottom, a request meets: the negative cache (remembered "video unavailable"
 * answers), the local tier (L1, in-process coalescing, refresh-ahead), the shared tier when Redis is configured (L2,
 * fleet-wide coalescing), then the guarded upstream (cluster budget, breaker, bulkhead, retry, timeout) and VOD. In
 * {@code local-jwt} mode PlayAuths are minted per viewer instead, and only play-info goes through the chain.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

	@Bean
	LocalTierMetrics localTierMetrics(MeterRegistry registry) {
		return new LocalTierMetrics(registry);
	}

	@Bean(destroyMethod = "close")
	LocalTier localTier(GuardedUpstream upstream, ObjectProvider<SharedTier> sharedTier, CacheProperties cache,
			Clock clock, Ticker ticker, LocalTierMetrics metrics, VideoGenerations generations) {
		SharedTier shared = sharedTier.getIfAvailable();
		CredentialSource belowLocal = shared == null ? upstream : shared.over(upstream);
		return LocalTier.of(belowLocal, cache, clock, ticker, metrics, generations);
	}

	@Bean
	NegativeCache negativeCache(LocalTier localTier, CacheProperties cache, Clock clock, Ticker ticker,
			LocalTierMetrics metrics, VideoGenerations generations) {
		return NegativeCache.of(localTier, cache, clock, ticker, metrics, generations);
	}

	@Bean
	Pipeline pipeline(NegativeCache cached, ObjectProvider<SharedTier> sharedTier, PlayAuthProperties playAuth,
			ObjectProvider<LocalJwtPlayAuth> localJwt) {
		CredentialSource playAuthChain = playAuth.isLocalJwt() ? localJwt.getObject() : cached;
		List<String> tiers = new ArrayList<>(List.of("negative-cache", "local"));
		if (sharedTier.getIfAvailable() != null) {
			tiers.add("shared");
		}
		tiers.add("upstream");
		Pipeline pipeline = new Pipeline(Map.of(Action.PLAY_AUTH, playAuthChain, Action.PLAY_INFO, cached), tiers);
		log.info("playgate pipeline: {}{}", String.join(" -> ", tiers),
				playAuth.isLocalJwt() ? " (play-auth minted locally as JWTPlayAuth)" : "");
		return pipeline;
	}

	/** The {@code playgate} readiness contributor: up once the pipeline is assembled, with its tiers. */
	@Bean
	HealthIndicator playgateHealthIndicator(Pipeline pipeline) {
		return () -> Health.up().withDetail("tiers", pipeline.tiers()).build();
	}
}
