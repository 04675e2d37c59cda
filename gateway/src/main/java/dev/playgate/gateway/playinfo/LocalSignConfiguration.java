package dev.playgate.gateway.playinfo;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.local.CacheProperties;
import dev.playgate.gateway.local.LocalTierMetrics;
import dev.playgate.gateway.local.NegativeCache;
import dev.playgate.gateway.purge.VideoGenerations;
import dev.playgate.gateway.shared.SharedTier;
import dev.playgate.gateway.upstream.GuardedUpstream;
import dev.playgate.gateway.upstream.VodProperties;
import dev.playgate.gateway.urlsign.UrlSigner;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Creates the pieces of {@code playgate.play-info.mode=local-sign}: the signer holding the domain's key, the key
 * check, and the catalogue cache, which loads through the negative cache, the shared tier (when Redis is configured)
 * and the guarded upstream, so every catalogue fetch is coalesced fleet-wide and paid from the cluster budget.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "playgate.play-info.mode", havingValue = PlayInfoProperties.LOCAL_SIGN)
public class LocalSignConfiguration {

	/** The settings of the catalogue-events receiver; without them, only the catalogue TTL bounds a takedown. */
	static final String EVENTS_SETTING = "playgate.events.callback-url";

	static final String EVENTS_KEY_SETTING = "playgate.events.auth-key";

	private static final Logger log = LoggerFactory.getLogger(LocalSignConfiguration.class);

	@Bean
	SigningKeyCheck signingKeyCheck(PlayInfoProperties playInfo, Clock clock, MeterRegistry registry) {
		return new SigningKeyCheck(playInfo.urlSigning().type(), clock, registry);
	}

	/** The catalogues, purged per video by catalogue events and the operator's purge ({@code VideoPurgeable}). */
	@Bean
	CatalogueCache catalogueCache(GuardedUpstream upstream, ObjectProvider<SharedTier> sharedTier,
			PlayInfoProperties playInfo, CacheProperties cache, SigningKeyCheck keyCheck, Clock clock, Ticker ticker,
			LocalTierMetrics metrics, VideoGenerations generations) {
		SharedTier shared = sharedTier.getIfAvailable();
		CredentialSource belowCatalogues = NegativeCache.of(shared == null ? upstream : shared.over(upstream), cache,
				clock, ticker, metrics, generations);
		return new CatalogueCache(belowCatalogues, signer(playInfo), keyCheck, cache.maxSize().toBytes(), clock,
				ticker);
	}

	/** Builds the stage; the pipeline gives it the upstream mode's chain for what it must not sign. */
	@Bean
	LocalSignedPlayInfo.Factory localSignedPlayInfo(CatalogueCache catalogues, SigningKeyCheck keyCheck,
			PlayInfoProperties playInfo, VodProperties vod, Clock clock, Environment environment) {
		log.info("local-sign mode: play URLs signed in the gateway (type {}, key not logged) from catalogues trusted "
				+ "for {}", playInfo.urlSigning().type(), playInfo.catalogueTtl());
		if (isBlank(environment.getProperty(EVENTS_SETTING)) || isBlank(environment.getProperty(EVENTS_KEY_SETTING))) {
			log.warn("local-sign mode without catalogue events ({} and {} are not both set): a blocked or deleted "
					+ "video keeps being signed until its catalogue expires, up to playgate.play-info.catalogue-ttl={} "
					+ "(or until an operator purge)", EVENTS_SETTING, EVENTS_KEY_SETTING, playInfo.catalogueTtl());
		}
		return LocalSignedPlayInfo.factory(catalogues, signer(playInfo), keyCheck, playInfo.catalogueTtl(),
				vod.clockSkew(), clock);
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static UrlSigner signer(PlayInfoProperties playInfo) {
		String key = playInfo.urlSigning().key();
		if (key == null) {
			throw new IllegalStateException(
					"playgate.play-info.url-signing.key must be set when playgate.play-info.mode is local-sign");
		}
		return UrlSigner.of(playInfo.urlSigning().type(), key);
	}
}
