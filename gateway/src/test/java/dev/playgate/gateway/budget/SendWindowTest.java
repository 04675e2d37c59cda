package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

final class SendWindowTest {

	private static final long WINDOW = 1_100_000_000L;

	private final FakeTime time = FakeTime.create();

	private final SendWindow window = new SendWindow(3, time, time.scheduler());

	@Test
	void callsWithinTheLimitLeaveAtOnce() {
		List<Long> holds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(window.send(() -> Mono.just("sent"), holds::add))
				.expectNext("sent")
				.verifyComplete();
		}
		assertThat(holds).containsExactly(0L, 0L, 0L);
	}

	@Test
	void callBeyondTheLimitIsHeldUntilTheOldestLeavesTheWindow() {
		window.reserve(time.read());
		time.advance(Duration.ofNanos(100));
		window.reserve(time.read());
		window.reserve(time.read());

		assertThat(window.reserve(time.read())).isEqualTo(WINDOW);
		assertThat(window.reserve(time.read())).isEqualTo(WINDOW + 100);
	}

	@Test
	void heldCallLeavesAtItsSendTimeWithoutHoldingAThread() {
		fill();
		List<String> sent = new ArrayList<>();
		List<Long> holds = new ArrayList<>();
		window.send(() -> Mono.just("sent"), holds::add).subscribe(sent::add);

		time.advance(Duration.ofNanos(WINDOW - 1));
		assertThat(sent).isEmpty();
		assertThat(holds).isEmpty();
		time.advance(Duration.ofNanos(1));
		assertThat(sent).containsExactly("sent");
		assertThat(holds).containsExactly(WINDOW);
	}

	@Test
	void sendsStayInOrderEvenWhenALaterCallerComesEarlier() {
		fill();
		long held = window.reserve(time.read());

		assertThat(window.reserve(time.read() + 1)).isGreaterThanOrEqualTo(held);
	}

	@Test
	void noSlidingSecondEverHoldsMoreThanTheLimit() {
		SendWindow wide = new SendWindow(50, time, time.scheduler());
		Random random = new Random(7);
		List<Long> sends = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			// bunches and gaps, as late timers and a cold start produce them
			time.advance(Duration.ofNanos(random.nextInt(10) == 0 ? 300_000_000L : random.nextInt(2_000_000)));
			sends.add(wide.reserve(time.read()));
		}

		for (int i = 50; i < sends.size(); i++) {
			assertThat(sends.get(i) - sends.get(i - 50)).isGreaterThanOrEqualTo(WINDOW);
			assertThat(sends.get(i)).isGreaterThanOrEqualTo(sends.get(i - 1));
		}
	}

	@Test
	void cancelledWaiterGivesUpItsTurnAndTheWindowStaysStricter() {
		fill();
		List<Long> holds = new ArrayList<>();
		StepVerifier.create(window.send(() -> Mono.just("sent"), holds::add)).thenCancel().verify();
		assertThat(holds).as("a cancelled call never leaves").isEmpty();

		assertThat(window.reserve(time.read())).isEqualTo(WINDOW);
		assertThat(window.reserve(time.read())).isEqualTo(WINDOW);
		assertThat(window.reserve(time.read())).as("the cancelled send still counts in its window")
			.isEqualTo(2 * WINDOW);
	}

	private void fill() {
		window.reserve(time.read());
		window.reserve(time.read());
		window.reserve(time.read());
	}
}
