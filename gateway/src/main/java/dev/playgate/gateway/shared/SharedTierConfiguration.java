package dev.playgate.gateway.shared;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.redis.RedisConfigured;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.upstream.UpstreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The shared tier's beans, present only when {@code playgate.redis.url} or {@code playgate.redis.cluster-nodes} is
 * set: the link to Redis (which also makes the budget cluster-wide) and the {@link SharedTier} the pipeline puts
 * between the local tier and the upstream.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisConfigured.class)
public class SharedTierConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SharedTierConfiguration.class);

	/** This process's connection to Redis; starting without Redis is not an error (the tier steps aside). */
	@Bean(destroyMethod = "close")
	RedisLink redisLink(RedisProperties redis, UpstreamProperties upstream, Ticker ticker, MeterRegistry registry) {
		RedisLink link = RedisLink.open(redis, ticker, registry);
		log.info("shared tier on {}", redis);
		Duration longestFill = longestUpstreamCall(upstream);
		if (redis.leaseTtl().compareTo(longestFill) <= 0) {
			// not fatal: a lease that expires under a live holder only costs one more upstream call
			log.warn("playgate.redis.lease-ttl ({}) is not longer than an upstream call with all its retries ({}): "
					+ "waiters may take over from a holder that is still working", redis.leaseTtl(), longestFill);
		}
		return link;
	}

	/** The longest a lease holder's upstream call can take: every attempt timing out, with the longest backoffs. */
	static Duration longestUpstreamCall(UpstreamProperties upstream) {
		int attempts = upstream.retry().maxAttempts();
		Duration backoffs = upstream.retry().maxBackoff().multipliedBy(attempts - 1);
		return upstream.callTimeout().multipliedBy(attempts).plus(backoffs);
	}

	/** L2 and fleet-wide coalescing; its misses let {@code budget} fetch a permit while they claim. */
	@Bean
	SharedTier sharedTier(RedisLink link, Clock clock, Ticker ticker, Scheduler scheduler, UpstreamBudget budget,
			MeterRegistry registry) {
		return SharedTier.of(link, clock, ticker, scheduler, budget, registry);
	}
}
