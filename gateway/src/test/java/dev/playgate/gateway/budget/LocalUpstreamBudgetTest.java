package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

final class LocalUpstreamBudgetTest {

	private static final Duration MAX_WAIT = Duration.ofMillis(500);

	private final FakeTime time = FakeTime.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LocalUpstreamBudget budget = LocalUpstreamBudget.of(BudgetPolicy.of(300, MAX_WAIT), time,
			time.scheduler(), registry);

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void noSlidingSecondEverHoldsMoreCallsThanTheBudget(long seed) {
		AtomicLong now = new AtomicLong();
		LocalUpstreamBudget budget = LocalUpstreamBudget.of(BudgetPolicy.of(300, MAX_WAIT), now::get,
				time.scheduler(), registry);
		Random random = new Random(seed);
		List<Long> callTimes = new ArrayList<>();

		// offered load far above the budget, in irregular gaps and bursts, for 20 seconds
		while (now.get() < Duration.ofSeconds(20).toNanos()) {
			int burst = random.nextInt(10) == 0 ? 50 : 1;
			for (int i = 0; i < burst; i++) {
				long wait = budget.budget(Action.PLAY_AUTH).reserve(Priority.USER);
				if (wait >= 0) {
					callTimes.add(now.get() + wait);
				}
			}
			now.addAndGet(random.nextInt(2_000_000));
		}

		assertThat(peakInAnySecond(callTimes)).isLessThanOrEqualTo(300);
		assertThat(callTimes.size()).as("calls in 20 s at ~90%% of 300/s").isGreaterThanOrEqualTo(19 * 270);
	}

	private static int peakInAnySecond(List<Long> times) {
		List<Long> sorted = times.stream().sorted().toList();
		int peak = 0;
		int first = 0;
		for (int last = 0; last < sorted.size(); last++) {
			while (sorted.get(last) - sorted.get(first) >= 1_000_000_000L) {
				first++;
			}
			peak = Math.max(peak, last - first + 1);
		}
		return peak;
	}

	@Test
	void freePermitIsGrantedWithoutWaiting() {
		grantedAtOnce(Action.PLAY_AUTH, Priority.USER);
	}

	@Test
	void userWaitsForTheNextPeriodWhenThisOneIsSpent() {
		spend(Action.PLAY_AUTH, 27);

		CompletableFuture<Void> granted = budget.acquire(Action.PLAY_AUTH, Priority.USER).toFuture();
		time.advance(Duration.ofMillis(99));
		assertThat(granted).isNotDone();
		time.advance(Duration.ofMillis(1));

		assertThat(granted).isCompleted();
		assertThat(registry.get("playgate.budget.waits").tag("action", "play-auth").timer().max(
				java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(100.0);
	}

	@Test
	void userWhoWouldWaitLongerThanMaxWaitIsShedWithRetryAfter() {
		// 27 now, then 27 in each of the next five periods: all within the 500 ms bound
		spend(Action.PLAY_AUTH, 27 * 6);

		StepVerifier.create(budget.acquire(Action.PLAY_AUTH, Priority.USER))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UpstreamBusyException.class,
					busy -> {
						assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(1));
						assertThat(busy.getMessage()).contains("GetVideoPlayAuth");
					}))
			.verify(Duration.ofSeconds(5));
		assertThat(rejections("play-auth", "user")).isEqualTo(1.0);
	}

	@Test
	void retryAfterCoversTheQueueAheadInWholeSeconds() {
		LocalUpstreamBudget patient = LocalUpstreamBudget.of(BudgetPolicy.of(300, Duration.ofMillis(2_500)),
				time, time.scheduler(), registry);
		for (int i = 0; i < 27 * 26; i++) {
			assertThat(patient.budget(Action.PLAY_INFO).reserve(Priority.USER)).isNotNegative();
		}

		StepVerifier.create(patient.acquire(Action.PLAY_INFO, Priority.USER))
			.expectErrorSatisfies(error -> assertThat(((UpstreamBusyException) error).retryAfter())
				.isEqualTo(Duration.ofSeconds(3)))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void refreshGetsAFreePermitAtOnce() {
		grantedAtOnce(Action.PLAY_INFO, Priority.REFRESH);
	}

	@Test
	void refreshNeverWaitsForTheNextPeriod() {
		spend(Action.PLAY_INFO, 27);

		StepVerifier.create(budget.acquire(Action.PLAY_INFO, Priority.REFRESH))
			.expectError(UpstreamBusyException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(rejections("play-info", "refresh")).isEqualTo(1.0);
		assertThat(budget.budget(Action.PLAY_INFO).reserve(Priority.USER)).as("the refusal took no future permit")
			.isEqualTo(Duration.ofMillis(100).toNanos());
	}

	@Test
	void refreshLeavesTheUserReserve() {
		// 20% of 27 is 5: a refresh needs more than 5 free permits
		spend(Action.PLAY_INFO, 22);

		StepVerifier.create(budget.acquire(Action.PLAY_INFO, Priority.REFRESH))
			.expectError(UpstreamBusyException.class)
			.verify(Duration.ofSeconds(5));
		grantedAtOnce(Action.PLAY_INFO, Priority.USER);
	}

	@Test
	void actionsHaveSeparateBudgets() {
		spend(Action.PLAY_AUTH, 27);

		grantedAtOnce(Action.PLAY_INFO, Priority.USER);
	}

	@Test
	void throttlingHalvesTheBudgetAndDrainsThePeriod() {
		budget.onThrottled(Action.PLAY_AUTH);

		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isEqualTo(130);
		assertThat(budget.budget(Action.PLAY_AUTH).reserve(Priority.USER)).as("the current period is drained")
			.isEqualTo(Duration.ofMillis(100).toNanos());
		assertThat(budget.permitsPerSecond(Action.PLAY_INFO)).isEqualTo(270);
	}

	@Test
	void shrunkBudgetGrantsOnlyTheSmallerLimitPerPeriod() {
		budget.onThrottled(Action.PLAY_AUTH);
		time.advance(Duration.ofMillis(100));

		for (int i = 0; i < 13; i++) {
			assertThat(budget.budget(Action.PLAY_AUTH).reserve(Priority.USER)).isZero();
		}
		assertThat(budget.budget(Action.PLAY_AUTH).reserve(Priority.USER)).isPositive();
	}

	@Test
	void throttledBudgetRecoversLinearly() {
		budget.onThrottled(Action.PLAY_AUTH);

		time.advance(Duration.ofSeconds(5));
		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isEqualTo(200);

		time.advance(Duration.ofSeconds(5));
		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isEqualTo(270);
		spend(Action.PLAY_AUTH, 27);
		assertThat(budget.budget(Action.PLAY_AUTH).reserve(Priority.USER)).as("27 per period again").isPositive();
	}

	@Test
	void throttlingReportsWithinASecondShrinkOnce() {
		budget.onThrottled(Action.PLAY_AUTH);
		budget.onThrottled(Action.PLAY_AUTH);
		budget.onThrottled(Action.PLAY_AUTH);

		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isEqualTo(130);
		assertThat(registry.get("playgate.budget.throttles").tag("action", "play-auth").counter().count())
			.isEqualTo(1.0);

		time.advance(Duration.ofMillis(1_100));
		budget.onThrottled(Action.PLAY_AUTH);
		// 13 recovered to 14 in 1.1 s, then halved
		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isEqualTo(70);
	}

	@Test
	void budgetNeverShrinksBelowOnePermitPerPeriod() {
		for (int i = 0; i < 10; i++) {
			budget.onThrottled(Action.PLAY_AUTH);
			time.advance(Duration.ofMillis(1_001));
		}

		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isGreaterThanOrEqualTo(10);
	}

	@Test
	void gaugeShowsTheCurrentPermitsPerSecond() {
		budget.onThrottled(Action.PLAY_INFO);

		assertThat(registry.get("playgate.budget.permits").tag("action", "play-info").gauge().value())
			.isEqualTo(130.0);
		assertThat(registry.find("resilience4j.ratelimiter.available.permissions").tag("name", "budget-play-info")
			.gauge()).isNotNull();
	}

	@Test
	void tooSmallBudgetIsRefusedWithTheKeyInTheMessage() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> BudgetPolicy.of(1, MAX_WAIT))
			.withMessage("playgate.upstream.permits-per-second must be at least 2: 1");
	}

	private void grantedAtOnce(Action action, Priority priority) {
		StepVerifier.create(budget.acquire(action, priority)).expectComplete().verify(Duration.ofSeconds(5));
	}

	private void spend(Action action, int permits) {
		for (int i = 0; i < permits; i++) {
			assertThat(budget.budget(action).reserve(Priority.USER)).as("permit %d", i).isNotNegative();
		}
	}

	private double rejections(String action, String priority) {
		return registry.get("playgate.budget.rejections")
			.tag("action", action)
			.tag("priority", priority)
			.counter()
			.count();
	}
}
