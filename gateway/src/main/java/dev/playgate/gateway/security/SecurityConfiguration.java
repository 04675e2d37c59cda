package dev.playgate.gateway.security;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the {@link ClientGate} the edge consults, as {@code playgate.security.*} describes it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/** The gate of the configured mode, with the per-client quota when one is set. */
	@Bean
	ClientGate clientGate(SecurityProperties properties, Clock clock, Ticker ticker, MeterRegistry registry) {
		if (properties.mode() == SecurityProperties.Mode.NONE) {
			log.warn("playgate.security.mode is none: the public API accepts every caller");
		}
		log.info("Client gate: {}", properties);
		return ClientGate.from(properties, clock, ticker, registry);
	}
}
