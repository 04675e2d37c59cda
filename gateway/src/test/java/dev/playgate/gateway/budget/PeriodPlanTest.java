package dev.playgate.gateway.budget;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class PeriodPlanTest {

	@Test
	void defaultBudgetIsTenPeriodsOfTwentySevenPermits() {
		PeriodPlan plan = PeriodPlan.of(300);

		assertThat(plan.periodsPerSecond()).isEqualTo(10);
		assertThat(plan.period()).isEqualTo(Duration.ofMillis(100));
		assertThat(plan.permitsPerPeriod()).isEqualTo(27);
		assertThat(plan.permitsPerSecondAt(27)).isEqualTo(270);
	}

	@Test
	void everyPlanKeepsAnySlidingSecondWithinTheBudget() {
		for (int budget = BudgetPolicy.MIN_PERMITS_PER_SECOND; budget <= 2_000; budget++) {
			PeriodPlan plan = PeriodPlan.of(budget);

			// a one-second window overlaps at most k + 1 periods because k periods cover at least a second
			assertThat(plan.period().multipliedBy(plan.periodsPerSecond()))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(plan.permitsPerPeriod()).as("budget %d", budget).isPositive();
			assertThat((plan.periodsPerSecond() + 1) * plan.permitsPerPeriod()).as("budget %d", budget)
				.isLessThanOrEqualTo(budget);
		}
	}

	@Test
	void largeBudgetsKeepAtLeastEightyFivePercentOfTheirPermits() {
		for (int budget = 100; budget <= 2_000; budget++) {
			PeriodPlan plan = PeriodPlan.of(budget);

			assertThat(plan.permitsPerSecondAt(plan.permitsPerPeriod())).as("budget %d", budget)
				.isGreaterThanOrEqualTo((int) (budget * 0.85));
		}
	}

	@Test
	void periodsNeverGetShorterThanOneHundredMilliseconds() {
		for (int budget = BudgetPolicy.MIN_PERMITS_PER_SECOND; budget <= 2_000; budget += 7) {
			assertThat(PeriodPlan.of(budget).period()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		}
	}
}
