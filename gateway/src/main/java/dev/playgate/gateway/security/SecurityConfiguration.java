package dev.playgate.gateway.security;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** Creates the {@link ClientGate} the edge consults, as {@code playgate.security.*} describes it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/** The profile in which an open API is expected (the in-process emulator, throwaway credentials). */
	static final String DEMO_PROFILE = "demo";

	/**
	 * The gate of the configured mode, with the per-client quota when one is set. Mode {@code none} outside the
	 * demo profile is allowed (a private network, a load test) but announced loudly: anyone who reaches the port can
	 * spend the account's VOD quota.
	 */
	@Bean
	ClientGate clientGate(SecurityProperties properties, Clock clock, Ticker ticker, MeterRegistry registry,
			Environment environment, ObjectProvider<JwksKeys> jwks) {
		if (properties.mode() == SecurityProperties.Mode.NONE) {
			if (environment.acceptsProfiles(Profiles.of(DEMO_PROFILE))) {
				log.info("playgate.security.mode is none (demo profile): the public API accepts every caller");
			}
			else {
				log.warn("""
						UNAUTHENTICATED: playgate.security.mode is none outside the demo profile. Anyone who reaches \
						the public port can fetch playback credentials and spend this account's VOD quota. Set \
						playgate.security.mode to api-key or jwt (the production overlay does) unless this instance \
						is reachable only from trusted callers.""");
			}
		}
		log.info("Client gate: {}", properties);
		JwksKeys keys = properties.mode() == SecurityProperties.Mode.JWT && properties.jwt().jwksUri() != null
				? jwks.getObject() : null;
		return ClientGate.from(properties, clock, ticker, registry, keys);
	}

	/** The key set of {@code playgate.security.jwt.jwks-uri}, fetched now and on its timer; made only when set. */
	@Bean(destroyMethod = "close")
	@Lazy
	JwksKeys jwksKeys(SecurityProperties properties, Ticker ticker, Scheduler scheduler) {
		SecurityProperties.Jwt jwt = properties.jwt();
		return new JwksKeys(JwksFetch.of(java.util.Objects.requireNonNull(jwt.jwksUri())), jwt.jwksRefresh(), ticker,
				scheduler).start();
	}
}
