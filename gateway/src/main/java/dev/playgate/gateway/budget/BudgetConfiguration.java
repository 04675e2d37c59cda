package dev.playgate.gateway.budget;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the {@link AccountQuota} from the {@link BudgetPolicy} bean ({@code playgate.upstream.*}): shared through
 * Redis when a {@link RedisLink} exists, this process's alone otherwise.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterBudgetProperties.class)
public class BudgetConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);

	/** Every layer of the account's quota, cluster-wide when Redis is configured. */
	@Bean
	AccountQuota accountQuota(BudgetPolicy policy, ObjectProvider<RedisLink> redis, ClusterBudgetProperties cluster,
			Clock clock, Ticker ticker, Scheduler scheduler, MeterRegistry registry) {
		RedisLink link = redis.getIfAvailable();
		if (link == null) {
			log.info("upstream budget: {} calls/s per action, this process alone", policy.permitsPerSecond());
			return AccountQuota.single(policy, ticker, scheduler, registry);
		}
		log.info("cluster-wide upstream budget: {} calls/s per action, {} per replica without Redis, {}",
				policy.permitsPerSecond(), cluster.failOpenShare(policy).permitsPerSecond(), cluster);
		return AccountQuota.cluster(link, cluster, policy, clock, ticker, scheduler, registry);
	}

	/**
	 * The permit every upstream attempt takes; with {@code playgate.upstream.fair-share} (on by default), shared
	 * fairly between the clients whose misses wait for one.
	 */
	@Bean
	UpstreamBudget upstreamBudget(AccountQuota quota, BudgetPolicy policy, Scheduler scheduler,
			MeterRegistry registry) {
		if (!policy.fairShare()) {
			return quota.budget();
		}
		log.info("fair share of the upstream budget between clients: on");
		return FairBudget.of(quota.budget(), policy, scheduler, registry);
	}
}
