package dev.playgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ScheduleTest {

	@Test
	void phasesFollowEachOtherAndCountTheirRequests() {
		Schedule schedule = Schedule.open().ramp("ramp", 0, 100, 4).constant("steady", 100, 10);
		assertThat(schedule.phases()).containsExactly(new Schedule.Phase("ramp", 0, 4, 0, 100, 200),
				new Schedule.Phase("steady", 4, 14, 100, 100, 1000));
		assertThat(schedule.seconds()).isEqualTo(14);
		assertThat(schedule.steps()).hasSize(2);
	}

	@Test
	void burstHasTheFirstSecondToItself() {
		Schedule schedule = Schedule.open().burst("burst", 500).constant("storm", 10, 5);
		assertThat(schedule.phases().get(0)).isEqualTo(new Schedule.Phase("burst", 0, 1, 500, 500, 500));
		assertThat(schedule.phases().get(1).start()).isOne();
		assertThat(schedule.seconds()).isEqualTo(6);
	}

	@Test
	void phaseShorterThanOneSecondIsRefused() {
		assertThatThrownBy(() -> Schedule.open().constant("blink", 10, 0)).hasMessageContaining("blink");
	}
}
