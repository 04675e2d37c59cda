package dev.playgate.gateway.purge;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.redis.RedisConfigured;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.shared.SharedTier;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The purge machinery's beans: the generation fence every holder of per-video state shares, the fleet-wide purge
 * (every {@link VideoPurgeable} bean of this process, then Redis when configured), the stream follower (only with
 * Redis) and the operator's {@code credentials} endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PurgeConfiguration.class);

	/** The one generation fence of this process. */
	@Bean
	VideoGenerations videoGenerations() {
		return new VideoGenerations();
	}

	@Bean
	PurgeMetrics purgeMetrics(MeterRegistry registry) {
		return new PurgeMetrics(registry);
	}

	@Bean
	FleetPurge fleetPurge(ObjectProvider<VideoPurgeable> holders, ObjectProvider<SharedTier> sharedTier,
			ObjectProvider<RedisLink> link, PurgeProperties properties, PurgeMetrics metrics, Clock clock) {
		List<VideoPurgeable> all = holders.orderedStream().toList();
		RedisLink redis = link.getIfAvailable();
		PurgeStream stream = redis == null ? null : new PurgeStream(redis, properties.streamLength());
		log.info("purges reach {} holder(s) in this process{}", all.size(),
				stream == null ? " (single-node: not the fleet)" : " and the fleet through Redis");
		return new FleetPurge(new LocalPurge(all), sharedTier.getIfAvailable(), stream,
				new PendingPurges(properties.maxPending()), metrics, clock, UUID.randomUUID().toString());
	}

	@Bean
	CredentialsEndpoint credentialsEndpoint(FleetPurge purge) {
		return new CredentialsEndpoint(purge);
	}

	/** The credentials endpoint's refusals as problems (the management context takes its filters from this one too). */
	@Bean
	OperatorProblems operatorProblems(ObjectProvider<WebEndpointProperties> endpoints) {
		WebEndpointProperties web = endpoints.getIfAvailable();
		return new OperatorProblems(web == null ? "/actuator" : web.getBasePath());
	}

	/** The stream follower, present only with Redis. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(RedisConfigured.class)
	static class FollowerConfiguration {

		@Bean(destroyMethod = "close")
		PurgeFollower purgeFollower(RedisLink link, FleetPurge fleet, PurgeProperties properties, PurgeMetrics metrics,
				Clock clock, Scheduler scheduler) {
			PurgeStream stream = fleet.stream();
			if (stream == null) {
				throw new IllegalStateException("Redis is configured but the fleet purge has no stream");
			}
			PurgeFollower follower = new PurgeFollower(stream, fleet, fleet.local(), metrics, clock);
			link.onPatternMessage(stream.channel(), (channel, message) -> follower.wake());
			// one round before serving (start-up, not an event loop): the follower learns where the stream is while
			// the caches are still empty, so it need not drop what the replica caches right after starting
			follower.round().block(link.properties().connectTimeout().plus(link.properties().commandTimeout()));
			follower.start(scheduler, properties.pollInterval());
			return follower;
		}
	}
}
