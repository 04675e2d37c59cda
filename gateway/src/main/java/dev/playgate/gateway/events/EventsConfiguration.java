package dev.playgate.gateway.events;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.purge.FleetPurge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The callback receiver; it exists always, and answers 404 until {@code playgate.events.auth-key} is set. */
@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EventsConfiguration.class);

	@Bean
	EventReceiver eventReceiver(EventsProperties properties, FleetPurge purge, JsonMapper json, Clock clock,
			Ticker ticker, MeterRegistry registry) {
		if (properties.isEnabled()) {
			log.info("VOD event receiver on for callback URL {}", properties.callbackUrl());
		}
		return new EventReceiver(properties, purge, json, clock, ticker, new EventMetrics(registry));
	}
}
