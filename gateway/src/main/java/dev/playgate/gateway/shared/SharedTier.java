package dev.playgate.gateway.shared;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Scheduler;

/**
 * The shared tier of one replica: what its stages share in this process (the waiters for fills, the lease tokens, the
 * meters), and the factory of the stage the pipeline puts between the local tier and the guarded upstream,
 * {@link #over}. Creating it subscribes this process to every key's fill channel (one pattern subscription); one
 * instance per {@link RedisLink}.
 */
public final class SharedTier {

	private final RedisLink link;
	private final Clock clock;
	private final Ticker ticker;
	private final Scheduler scheduler;
	private final Waiters waiters = new Waiters();
	private final LeaseTokens tokens = new LeaseTokens();
	private final Leases leases;
	private final SharedMeters meters;

	private SharedTier(RedisLink link, Clock clock, Ticker ticker, Scheduler scheduler, MeterRegistry registry) {
		this.link = link;
		this.clock = clock;
		this.ticker = ticker;
		this.scheduler = scheduler;
		SharedKeys keys = new SharedKeys(link.properties().keyPrefix());
		this.leases = new Leases(link, keys, clock, link.properties().leaseTtl());
		this.meters = new SharedMeters(registry, waiters);
		link.onPatternMessage(keys.channelPattern(), (channel, message) -> {
			String canonical = keys.canonicalOf(channel);
			if (canonical != null) {
				waiters.deliver(canonical, message);
			}
		});
		link.onLost(waiters::abandonAll);
	}

	/**
	 * The shared tier of the replica that owns {@code link}, with its wall clock, monotonic ticker, the scheduler its
	 * waits time out on, and its metrics.
	 */
	public static SharedTier of(RedisLink link, Clock clock, Ticker ticker, Scheduler scheduler,
			MeterRegistry registry) {
		return new SharedTier(link, clock, ticker, scheduler, registry);
	}

	/**
	 * The shared-tier stage in front of {@code next}: answers from L2 when an entry has the request's
	 * {@code minValidity} left (HIT), else lets one request in the fleet call {@code next} (its status is what
	 * {@code next} says, usually MISS) while the others wait for its fill (COALESCED). Without Redis it is
	 * {@code next}.
	 */
	public CredentialSource over(CredentialSource next) {
		return new SharedStage(next, leases, waiters, meters, tokens, clock, ticker, scheduler,
				link.properties().maxCoalesceWait());
	}

	@Override
	public String toString() {
		return "SharedTier[" + link + "]";
	}
}
