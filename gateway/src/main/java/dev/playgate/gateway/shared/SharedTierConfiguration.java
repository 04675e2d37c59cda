package dev.playgate.gateway.shared;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.budget.ClusterBudgetProperties;
import dev.playgate.gateway.budget.ClusterUpstreamBudget;
import dev.playgate.gateway.budget.LocalUpstreamBudget;
import dev.playgate.gateway.redis.RedisConfigured;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.upstream.UpstreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The shared tier's beans, present only when {@code playgate.redis.url} or {@code playgate.redis.cluster-nodes} is
 * set: the link to Redis, the {@link SharedTier} the pipeline puts between the local tier and the upstream, and the
 * cluster-wide {@link ClusterUpstreamBudget}, which takes the place of the local budget.
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

	/** L2 and fleet-wide coalescing. */
	@Bean
	SharedTier sharedTier(RedisLink link, Clock clock, Ticker ticker, MeterRegistry registry) {
		return SharedTier.of(link, clock, ticker, registry);
	}

	/**
	 * The cluster-wide budget. Each call is also capped by a local budget of the whole {@code permits-per-second}
	 * (a safety net; its metrics are not published, they would duplicate the fail-open share's names), and while
	 * Redis is unavailable calls are budgeted by this replica's share, published as the local budget's metrics.
	 */
	@Bean
	ClusterUpstreamBudget clusterUpstreamBudget(RedisLink link, ClusterBudgetProperties budget,
			UpstreamProperties upstream, Clock clock, Ticker ticker, MeterRegistry registry) {
		BudgetPolicy cluster = upstream.budget();
		LocalUpstreamBudget cap = LocalUpstreamBudget.of(cluster, ticker, new CompositeMeterRegistry());
		LocalUpstreamBudget share = LocalUpstreamBudget.of(budget.failOpenShare(cluster), ticker, registry);
		log.info("cluster-wide upstream budget: {} calls/s per action, {} per replica without Redis, {}",
				cluster.permitsPerSecond(), share.policy().permitsPerSecond(), budget);
		return ClusterUpstreamBudget.of(link, budget, cluster, cap, share, clock, ticker, registry);
	}
}
