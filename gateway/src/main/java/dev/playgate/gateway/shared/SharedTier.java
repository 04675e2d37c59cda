package dev.playgate.gateway.shared;

import java.time.Clock;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The shared tier of one replica: what its stages share in this process (the waiters for fills, the lease tokens, the
 * meters), and the factory of the stage the pipeline puts between the local tier and the guarded upstream,
 * {@link #over}. Creating it subscribes this process to every key's fill channel (one pattern subscription); one
 * instance per {@link RedisLink}. What it keeps in this process for a video is the requests waiting for the video's
 * fills: a purge wakes them to claim again. The video's L2 entries are purged fleet-wide with {@link #purgeShared}.
 */
public final class SharedTier implements VideoPurgeable {

	private static final String TIER = "shared";

	private final RedisLink link;
	private final Clock clock;
	private final Ticker ticker;
	private final Scheduler scheduler;
	private final UpstreamBudget budget;
	private final Waiters waiters = new Waiters();
	private final LeaseTokens tokens = new LeaseTokens();
	private final Leases leases;
	private final SharedMeters meters;
	private final SharedEntries entries;

	private SharedTier(RedisLink link, Clock clock, Ticker ticker, Scheduler scheduler, UpstreamBudget budget,
			MeterRegistry registry) {
		this.link = link;
		this.clock = clock;
		this.ticker = ticker;
		this.scheduler = scheduler;
		this.budget = budget;
		SharedKeys keys = new SharedKeys(link.properties().keyPrefix());
		this.leases = new Leases(link, keys, clock, link.properties().leaseLapse(), link.properties().leaseTtl(),
				scheduler);
		this.meters = new SharedMeters(registry, waiters);
		this.entries = new SharedEntries(link, keys);
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
	 * waits time out on, the upstream budget its misses tell a permit may follow ({@link UpstreamBudget#expect}), and
	 * its metrics.
	 */
	public static SharedTier of(RedisLink link, Clock clock, Ticker ticker, Scheduler scheduler,
			UpstreamBudget budget, MeterRegistry registry) {
		return new SharedTier(link, clock, ticker, scheduler, budget, registry);
	}

	/**
	 * The shared-tier stage in front of {@code next}: answers from L2 when an entry has the request's
	 * {@code minValidity} left (HIT), else lets one request in the fleet call {@code next} (its status is what
	 * {@code next} says, usually MISS) while the others wait for its fill (COALESCED). Without Redis it is
	 * {@code next}.
	 */
	public CredentialSource over(CredentialSource next) {
		return new SharedStage(next, leases, waiters, meters, tokens, clock, ticker, scheduler,
				link.properties().maxCoalesceWait(), budget);
	}

	/** Wakes this process's requests waiting for fills of the video's keys; they claim again. */
	@Override
	public void purge(VideoId videoId) {
		waiters.abandon(videoId);
	}

	@Override
	public void purgeAll() {
		waiters.abandonAll();
	}

	/**
	 * Purges the video's L2 entries for the whole fleet: advances its generation in Redis (a fill claimed before
	 * stores nothing) and deletes its entries. Fails with a {@code RedisException} when Redis does not answer.
	 */
	public Mono<Void> purgeShared(VideoId videoId) {
		return entries.purge(videoId).then();
	}

	/** The video's L2 entries, for the operator; fails with a {@code RedisException} when Redis does not answer. */
	public Mono<List<CachedEntry>> sharedEntries(VideoId videoId) {
		return entries.list(videoId, TIER, clock.instant());
	}

	@Override
	public String toString() {
		return "SharedTier[" + link + "]";
	}
}
