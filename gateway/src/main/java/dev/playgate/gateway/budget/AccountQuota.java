package dev.playgate.gateway.budget;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import reactor.core.scheduler.Scheduler;

/**
 * The account's quota at VOD ({@code playgate.upstream.permits-per-second} per action), every layer that keeps it,
 * built here and nowhere else.
 *
 * <p>
 * The layers, in the order a call meets them:
 * <ol>
 * <li>with Redis, the cluster's GCRA bucket, from which each replica's {@link TokenPool} takes permits in batches;
 * while Redis is unavailable, this replica's fail-open share ({@code permits-per-second / expected-replicas})
 * instead;</li>
 * <li>with Redis, a per-process cap of the whole {@code permits-per-second}, so no replica can spend the account's
 * quota on its own; without Redis this local budget is the whole budget;</li>
 * <li>the {@link SendWindow} of each action, which holds a granted call until sending it keeps every sliding second
 * within the quota.</li>
 * </ol>
 * {@link #budget()} is the permit every attempt takes (layers 1 and 2; with {@code playgate.upstream.fair-share}
 * shared fairly between the clients whose calls wait for one, {@link FairBudget}); {@link #sendWindow} is layer 3, which the VOD
 * stage passes just before each send.
 */
public final class AccountQuota {

	private final UpstreamBudget budget;
	private final Map<Action, SendWindow> sendWindows;

	private AccountQuota(UpstreamBudget budget, BudgetPolicy policy, Ticker ticker, Scheduler scheduler) {
		this.budget = budget;
		this.sendWindows = new EnumMap<>(Action.class);
		for (Action action : Action.values()) {
			sendWindows.put(action, new SendWindow(policy.permitsPerSecond(), ticker, scheduler));
		}
	}

	/**
	 * The quota of a single-node gateway: a {@link LocalUpstreamBudget} of the whole {@code policy}, its metrics on
	 * {@code registry}.
	 */
	public static AccountQuota single(BudgetPolicy policy, Ticker ticker, Scheduler scheduler,
			MeterRegistry registry) {
		return new AccountQuota(LocalUpstreamBudget.of(policy, ticker, scheduler, registry), policy, ticker,
				scheduler);
	}

	/**
	 * The quota shared by the replicas over {@code link}: the {@link ClusterUpstreamBudget}, capped per process by a
	 * local budget of the whole {@code policy} (its metrics are not published, they would duplicate the fail-open
	 * share's names) and replaced while Redis is unavailable by this replica's share, published as the local budget's
	 * metrics.
	 */
	public static AccountQuota cluster(RedisLink link, ClusterBudgetProperties properties, BudgetPolicy policy,
			Clock clock, Ticker ticker, Scheduler scheduler, MeterRegistry registry) {
		LocalUpstreamBudget cap = LocalUpstreamBudget.of(policy, ticker, scheduler, new CompositeMeterRegistry());
		LocalUpstreamBudget share = LocalUpstreamBudget.of(properties.failOpenShare(policy), ticker, scheduler,
				registry);
		ClusterUpstreamBudget budget = ClusterUpstreamBudget.of(link, properties, policy, cap, share, clock, ticker,
				scheduler, registry);
		return new AccountQuota(budget, policy, ticker, scheduler);
	}

	/** The permit every upstream attempt takes first. */
	public UpstreamBudget budget() {
		return budget;
	}

	/** The wire pacer of {@code action}'s calls. */
	public SendWindow sendWindow(Action action) {
		return sendWindows.get(action);
	}

	@Override
	public String toString() {
		return "AccountQuota[" + budget + "]";
	}
}
