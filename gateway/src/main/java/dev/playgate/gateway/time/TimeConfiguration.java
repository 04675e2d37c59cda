package dev.playgate.gateway.time;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.scheduler.Scheduler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the system time source; a test replaces all three beans with one fake that moves them together. */
@Configuration(proxyBeanMethods = false)
public class TimeConfiguration {

	/** Wall time, UTC: expiry instants, {@code Age}, {@code Cache-Control}. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return SystemTime.clock();
	}

	/** Monotonic time: Caffeine, rate limiters, durations. */
	@Bean
	@ConditionalOnMissingBean
	Ticker ticker() {
		return SystemTime.ticker();
	}

	/** Every delay, timeout and backoff; disposed with the context. */
	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean
	Scheduler scheduler() {
		return SystemTime.newScheduler();
	}
}
