package dev.playgate.gateway.time;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the system time source; a test replaces both beans with one fake that moves them together. */
@Configuration(proxyBeanMethods = false)
public class TimeConfiguration {

	/** Wall time, UTC: expiry instants, {@code Age}, {@code Cache-Control}. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Monotonic time: Caffeine, rate limiters, durations. */
	@Bean
	@ConditionalOnMissingBean
	Ticker ticker() {
		return Ticker.systemTicker();
	}
}
