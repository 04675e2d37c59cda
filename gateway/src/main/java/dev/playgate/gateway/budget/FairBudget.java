package dev.playgate.gateway.budget;

import java.util.EnumMap;
import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The upstream budget shared fairly between clients: the {@link FairShare} of each action asks the budget it wraps
 * for permits and hands each one, as it is granted, to the next client in turn among those with player calls waiting.
 * Refreshes are nobody's: they never wait and go to the wrapped budget directly.
 *
 * <p>
 * At most a fifth of a second of permits ({@code permits-per-second / 5}, and no more than half of
 * {@code permits-per-second * max-wait}, at least one) are asked ahead at a time;
 * at most {@value #MAX_CLIENTS} clients and {@code permits-per-second * max-wait} calls per client wait in the fair
 * share.
 */
public final class FairBudget implements UpstreamBudget {

	/** The most clients that may have calls waiting at once; a new client beyond them is refused as busy. */
	static final int MAX_CLIENTS = 10_000;

	/** The client of a call that names none. */
	static final String NOBODY = "";

	private final UpstreamBudget budget;
	private final Map<Action, FairShare> shares;

	private FairBudget(UpstreamBudget budget, Map<Action, FairShare> shares) {
		this.budget = budget;
		this.shares = shares;
	}

	/**
	 * Shares {@code budget} fairly, with the wait bound and rate of {@code policy}, timing out on {@code scheduler};
	 * the calls the share refuses are counted in {@code playgate.budget.rejections} on {@code registry}.
	 */
	public static FairBudget of(UpstreamBudget budget, BudgetPolicy policy, Scheduler scheduler,
			MeterRegistry registry) {
		Map<Action, FairShare> shares = new EnumMap<>(Action.class);
		double rate = policy.permitsPerSecond();
		// a fifth of a second of permits, but no further ahead than half the wait bound: the budget refuses beyond it
		int ahead = (int) Math.max(1, Math.min(Math.ceil(rate / 5), rate * policy.maxWait().toMillis() / 2000));
		int perClient = (int) Math.max(1, Math.ceil(rate * policy.maxWait().toMillis() / 1000.0));
		for (Action action : Action.values()) {
			shares.put(action, new FairShare(ahead, perClient, MAX_CLIENTS, policy.maxWait(), rate, scheduler,
					() -> budget.acquire(action, Priority.USER),
					ActionBudget.rejections(registry, action, Priority.USER)));
		}
		return new FairBudget(budget, shares);
	}

	@Override
	public Mono<Void> acquire(Action action, Priority priority) {
		return acquire(action, priority, NOBODY);
	}

	@Override
	public Mono<Void> acquire(Action action, Priority priority, String client) {
		if (priority != Priority.USER) {
			return budget.acquire(action, priority);
		}
		return shares.get(action).acquire(client);
	}

	/** Passed to the budget shared: a permit fetched ahead reaches the share's next ask for this action. */
	@Override
	public void expect(Action action) {
		budget.expect(action);
	}

	@Override
	public void onThrottled(Action action) {
		budget.onThrottled(action);
	}

	/** The budget shared. */
	UpstreamBudget shared() {
		return budget;
	}

	/** The fair share of {@code action}, for tests. */
	FairShare share(Action action) {
		return shares.get(action);
	}

	@Override
	public String toString() {
		return "FairBudget[" + budget + "]";
	}
}
