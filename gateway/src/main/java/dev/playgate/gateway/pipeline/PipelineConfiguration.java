package dev.playgate.gateway.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.local.CacheProperties;
import dev.playgate.gateway.local.LocalTier;
import dev.playgate.gateway.local.LocalTierMetrics;
import dev.playgate.gateway.local.NegativeCache;
import dev.playgate.gateway.playauth.LocalJwtPlayAuth;
import dev.playgate.gateway.playinfo.LocalSignedPlayInfo;
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
 * Assembles the pipeline from its stage list, the one place that shows how a request travels: read top to bottom, a
 * request meets each stage present in this configuration, in order, until one answers.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

	@Bean
	LocalTierMetrics localTierMetrics(MeterRegistry registry) {
		return new LocalTierMetrics(registry);
	}

	/**
	 * The pipeline, from its stages listed top to bottom. A new stage is one line here: {@link Stage#of} with a
	 * factory {@code next -> stage} (a {@link Stage} naming its actions when only some pass through it), added under
	 * a condition when it is optional. An action's chain ends at the first stage that answers it.
	 */
	@Bean(destroyMethod = "close")
	Pipeline pipeline(GuardedUpstream upstream, ObjectProvider<SharedTier> sharedTier,
			ObjectProvider<LocalJwtPlayAuth> localJwt, ObjectProvider<LocalSignedPlayInfo.Factory> localSign,
			CacheProperties cache, Clock clock, Ticker ticker, LocalTierMetrics metrics, VideoGenerations generations) {
		List<Stage> stages = new ArrayList<>();
		localJwt.ifAvailable(minter -> stages.add(Stage.answering("local-jwt", Action.PLAY_AUTH, minter)));
		// signs play-info from cached catalogues; what it must not sign goes down the stages below, as in upstream mode
		localSign.ifAvailable(signing -> stages.add(
				new Stage("local-sign", EnumSet.of(Action.PLAY_INFO), false, signing::over)));
		stages.add(Stage.of("negative-cache", next -> NegativeCache.of(next, cache, clock, ticker, metrics, generations)));
		stages.add(Stage.of("local", next -> LocalTier.of(next, cache, clock, ticker, metrics, generations)));
		sharedTier.ifAvailable(shared -> stages.add(Stage.of("shared", shared::over)));
		stages.add(Stage.answering("upstream", upstream));
		Pipeline pipeline = Pipeline.of(stages);
		log.info("playgate pipeline: {}", pipeline.describe());
		return pipeline;
	}

	/** The {@code playgate} readiness contributor: up once the pipeline is assembled, with its stages. */
	@Bean
	HealthIndicator playgateHealthIndicator(Pipeline pipeline, ObjectProvider<LocalSignedPlayInfo.Factory> localSign) {
		LocalSignedPlayInfo.Factory signing = localSign.getIfAvailable();
		return () -> {
			Health.Builder health = Health.up().withDetail("tiers", pipeline.tiers())
				.withDetail("chains", pipeline.chains());
			return signing == null ? health.build() : health.withDetail("urlSigning", signing.detail()).build();
		};
	}
}
