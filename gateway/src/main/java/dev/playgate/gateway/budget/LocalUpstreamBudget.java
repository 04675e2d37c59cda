package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The upstream budget of one process: per action, a resilience4j rate limiter that keeps the calls in every sliding
 * one-second window at or under {@link BudgetPolicy#permitsPerSecond()} (see {@link PeriodPlan} for how, and for the
 * ~10% of the budget this costs). A user call waits at most {@link BudgetPolicy#maxWait()} for a permit, without
 * holding a thread; beyond that it fails fast with an {@code UpstreamBusyException} and a computed
 * {@code Retry-After}. A refresh never waits: it gets a permit only if one is free now and the user reserve is left.
 * Throttling by VOD halves the budget, which then recovers linearly. A caller that cancels while it waits forfeits
 * its permit: the budget can only err on the side of fewer calls.
 *
 * <p>
 * On its own this is the whole budget of a single-node gateway. A cluster-wide budget can wrap it as each replica's
 * local guard, created with {@link #of} and that replica's share.
 *
 * <p>
 * Metrics: {@code playgate.budget.waits} (timer, tag {@code action}), {@code playgate.budget.rejections} (tags
 * {@code action}, {@code priority}), {@code playgate.budget.throttles}, {@code playgate.budget.permits} (gauge: calls
 * per second currently let through), and resilience4j's own rate-limiter metrics ({@code name=budget-play-auth},
 * {@code budget-play-info}).
 */
public final class LocalUpstreamBudget implements UpstreamBudget {

	private final BudgetPolicy policy;
	private final Map<Action, ActionBudget> budgets;
	private final Scheduler scheduler;

	private LocalUpstreamBudget(BudgetPolicy policy, Map<Action, ActionBudget> budgets, Scheduler scheduler) {
		this.policy = policy;
		this.budgets = budgets;
		this.scheduler = scheduler;
	}

	/**
	 * Creates a budget that follows {@code policy} for every action, reads time from {@code ticker} and waits on
	 * {@code scheduler} (so tests move both) and publishes its metrics to {@code registry}.
	 */
	static LocalUpstreamBudget of(BudgetPolicy policy, Ticker ticker, Scheduler scheduler, MeterRegistry registry) {
		Objects.requireNonNull(policy, "policy must not be null");
		Map<Action, ActionBudget> budgets = new EnumMap<>(Action.class);
		for (Action action : Action.values()) {
			budgets.put(action, new ActionBudget(action, policy, ticker, registry));
		}
		return new LocalUpstreamBudget(policy, budgets, scheduler);
	}

	@Override
	public Mono<Void> acquire(Action action, Priority priority) {
		return Mono.defer(() -> {
			ActionBudget budget = budgets.get(action);
			long wait = budget.reserve(priority);
			if (wait < 0) {
				return Mono.error(budget.rejection(priority));
			}
			return wait == 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait), scheduler).then();
		});
	}

	@Override
	public void onThrottled(Action action) {
		budgets.get(action).onThrottled();
	}

	/** The calls per second of {@code action} this budget lets through now (less than the policy after throttling). */
	public int permitsPerSecond(Action action) {
		return budgets.get(action).permitsPerSecond();
	}

	/** The policy this budget follows. */
	public BudgetPolicy policy() {
		return policy;
	}

	/** The budget of one action, for tests of the period arithmetic. */
	ActionBudget budget(Action action) {
		return budgets.get(action);
	}

	@Override
	public String toString() {
		return "LocalUpstreamBudget[" + policy + "]";
	}
}
