package dev.playgate.gateway.budget;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import reactor.core.publisher.Mono;

/**
 * Permission to make one upstream call. Every attempt (first call or retry) acquires a permit first, so the calls
 * that reach VOD never exceed the budget.
 */
public interface UpstreamBudget {

	/**
	 * Completes when a permit for {@code action} is granted, after a bounded wait; fails with
	 * {@link dev.playgate.gateway.credential.UpstreamBusyException} carrying a computed {@code Retry-After} when none
	 * can be had in time. {@link Priority#REFRESH} permits come only from spare budget and are never waited for.
	 */
	Mono<Void> acquire(Action action, Priority priority);

	/**
	 * As {@link #acquire(Action, Priority)}, for a call made on behalf of {@code client} (the caller's identity, or
	 * its address in mode {@code none}); a budget that shares permits fairly between clients waits in that client's
	 * turn, others ignore it.
	 */
	default Mono<Void> acquire(Action action, Priority priority, String client) {
		return acquire(action, priority);
	}

	/**
	 * Says that a player-facing call of {@code action} may follow within about one Redis round trip (a miss is about
	 * to ask the shared tier whether it must fill): a budget that fetches its permits remotely may start fetching one
	 * now, so the call waits only for what is left of that fetch. A hint, never a permit: it grants nothing, fails
	 * nothing and returns at once. Local budgets ignore it; a budget that wraps another passes it on.
	 */
	default void expect(Action action) {
	}

	/** Reports that VOD throttled a call of {@code action}: the budget shrinks for a while, then recovers. */
	void onThrottled(Action action);
}
