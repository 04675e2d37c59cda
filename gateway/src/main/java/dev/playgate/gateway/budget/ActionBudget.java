package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetricsPublisher;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The budget of one action: a resilience4j {@link RateLimiter} cut into the periods of a {@link PeriodPlan}, read on
 * the shared {@link Ticker}, whose per-period limit shrinks when VOD throttles and climbs back linearly.
 *
 * <p>
 * Implementation notes. (1) A user call reserves a permit with {@link RateLimiter#reservePermission()}, which never
 * blocks: it returns how long to wait (0 when a permit is free now) or -1 when the wait would exceed
 * {@code maxWait}; the caller then delays itself without holding a thread. (2) A refresh first checks that more than
 * the user reserve is free right now; if another caller takes the last free permit between the check and the
 * reservation, the limiter hands out a future permit instead, which the refresh gives up unused: the budget can only
 * lose a permit this way, never exceed itself. (3) Throttling halves the current limit (multiplicative decrease),
 * drains the current period, and the limit then grows back linearly over {@code throttleRecovery} (additive
 * increase). Throttle reports within one second of the last shrink only drain: a burst of throttled answers to the
 * same period's calls must not collapse the limit to one.
 */
final class ActionBudget {

	private static final long THROTTLE_COOLDOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final Duration REFRESH_RETRY_AFTER = Duration.ofSeconds(1);

	private final Action action;
	private final BudgetPolicy policy;
	private final PeriodPlan plan;
	private final Ticker ticker;
	private final RateLimiter limiter;
	private final Timer waits;
	private final Counter userRejections;
	private final Counter refreshRejections;
	private final Counter throttles;

	/** The shrink in force, or {@code null} when the limit is full; replaced under {@code this} lock. */
	private volatile @Nullable Shrink shrink;

	ActionBudget(Action action, BudgetPolicy policy, Ticker ticker, MeterRegistry registry) {
		this.action = action;
		this.policy = policy;
		this.plan = PeriodPlan.of(policy.permitsPerSecond());
		this.ticker = ticker;
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitRefreshPeriod(plan.period())
			.limitForPeriod(plan.permitsPerPeriod())
			.timeoutDuration(policy.maxWait())
			.writableStackTraceEnabled(false)
			.build();
		this.limiter = RateLimiter.of("budget-" + action.pathSegment(), config, ticker::read);
		String tag = action.pathSegment();
		this.waits = Timer.builder("playgate.budget.waits")
			.description("How long granted upstream calls waited for a budget permit")
			.tag("action", tag)
			.register(registry);
		this.userRejections = rejections(registry, action, Priority.USER);
		this.refreshRejections = rejections(registry, action, Priority.REFRESH);
		this.throttles = Counter.builder("playgate.budget.throttles")
			.description("Times VOD throttling shrank the budget")
			.tag("action", tag)
			.register(registry);
		registerGauges(registry, tag);
	}

	private void registerGauges(MeterRegistry registry, String tag) {
		Gauge.builder("playgate.budget.permits", this, ActionBudget::permitsPerSecond)
			.description("Upstream calls per second the budget currently lets through")
			.tag("action", tag)
			.register(registry);
		new TaggedRateLimiterMetricsPublisher(registry).publishMetrics(limiter);
	}

	/**
	 * The count of {@code action}'s {@code priority} calls refused for lack of budget, one per request shed: each
	 * layer that refuses (this budget, the {@link FairShare}, the {@link TokenPool}) counts the refusals it makes,
	 * never one it passes on.
	 */
	static Counter rejections(MeterRegistry registry, Action action, Priority priority) {
		return Counter.builder("playgate.budget.rejections")
			.description("Upstream calls refused by the budget")
			.tag("action", action.pathSegment())
			.tag("priority", priority.name().toLowerCase(java.util.Locale.ROOT))
			.register(registry);
	}

	/** Reserves one permit: the nanoseconds to wait before using it, or -1 when none can be had in time. */
	long reserve(Priority priority) {
		applyRecovery();
		return priority == Priority.USER ? reserveForUser() : reserveForRefresh();
	}

	private long reserveForUser() {
		long wait = limiter.reservePermission();
		if (wait < 0) {
			userRejections.increment();
			return -1;
		}
		waits.record(wait, TimeUnit.NANOSECONDS);
		return wait;
	}

	private long reserveForRefresh() {
		int userReserve = (int) (limitForPeriod() * policy.refreshReserve());
		if (limiter.getMetrics().getAvailablePermissions() > userReserve && limiter.reservePermission() == 0) {
			return 0;
		}
		refreshRejections.increment();
		return -1;
	}

	/** The refusal for a call that {@link #reserve} turned down. */
	UpstreamBusyException rejection(Priority priority) {
		String message = "the upstream budget for " + action.apiName() + " is spent; retry later";
		return new UpstreamBusyException(message, priority == Priority.USER ? retryAfter() : REFRESH_RETRY_AFTER);
	}

	/**
	 * When a permit is likely free again: the time for the periods ahead to pay back the permits already reserved
	 * (plus one), in whole seconds, at least one.
	 */
	private Duration retryAfter() {
		long owed = 1L - limiter.getMetrics().getAvailablePermissions();
		long periods = Math.max(1, (owed + limitForPeriod() - 1) / limitForPeriod());
		long nanos = periods * plan.period().toNanos();
		return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
	}

	/** Drains the current period and halves the limit, unless it was halved less than a second ago. */
	synchronized void onThrottled() {
		long now = ticker.read();
		Shrink current = shrink;
		limiter.drainPermissions();
		if (current != null && now - current.since() < THROTTLE_COOLDOWN_NANOS) {
			return;
		}
		int floor = Math.max(1, limitAt(now) / 2);
		shrink = new Shrink(floor, now);
		limiter.changeLimitForPeriod(floor);
		throttles.increment();
	}

	/** Moves the limiter's limit along the recovery line; cheap when there is no shrink in force. */
	private void applyRecovery() {
		if (shrink == null) {
			return;
		}
		synchronized (this) {
			int limit = limitAt(ticker.read());
			if (limit >= plan.permitsPerPeriod()) {
				shrink = null;
			}
			if (limit != limitForPeriod()) {
				limiter.changeLimitForPeriod(limit);
			}
		}
	}

	/** The per-period limit at {@code now}: full, or on the way back from the last shrink. */
	private int limitAt(long now) {
		Shrink current = shrink;
		int full = plan.permitsPerPeriod();
		return current == null ? full : current.limitAt(now, full, policy.throttleRecovery().toNanos());
	}

	/** The permits each period holds in the limiter now. */
	private int limitForPeriod() {
		return limiter.getRateLimiterConfig().getLimitForPeriod();
	}

	/** The calls per second let through at this moment (below the policy while recovering from throttling). */
	int permitsPerSecond() {
		return plan.permitsPerSecondAt(limitAt(ticker.read()));
	}

	/** The period plan this budget follows. */
	PeriodPlan plan() {
		return plan;
	}

	/**
	 * A limit cut down by throttling at {@code since} (ticker nanos) to {@code floor} permits per period.
	 *
	 * @param floor the per-period limit right after the cut
	 * @param since when the cut happened
	 */
	private record Shrink(int floor, long since) {

		/** The limit at {@code now}: back from the floor to {@code full} in a straight line over {@code recovery}. */
		int limitAt(long now, int full, long recoveryNanos) {
			long elapsed = Math.max(0, now - since);
			if (elapsed >= recoveryNanos) {
				return full;
			}
			return floor + (int) ((full - floor) * (double) elapsed / recoveryNanos);
		}
	}
}
