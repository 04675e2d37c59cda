package dev.playgate.gateway.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class SendWindowTest {

	private static final long SECOND = 1_000_000_000L;
	private static final long WINDOW = 1_100_000_000L;

	private final AtomicLong now = new AtomicLong(5 * SECOND);

	private final SendWindow window = new SendWindow(3, now::get);

	@Test
	void callsWithinTheLimitLeaveAtOnce() {
		assertThat(window.awaitTurn()).isTrue();
		assertThat(window.awaitTurn()).isTrue();
		assertThat(window.awaitTurn()).isTrue();
	}

	@Test
	void callBeyondTheLimitIsHeldUntilTheOldestLeavesTheWindow() {
		window.reserve(now.get());
		now.addAndGet(100);
		window.reserve(now.get());
		window.reserve(now.get());

		assertThat(window.reserve(now.get())).isEqualTo(5 * SECOND + WINDOW);
		assertThat(window.reserve(now.get())).isEqualTo(5 * SECOND + WINDOW + 100);
	}

	@Test
	void sendsStayInOrderEvenWhenALaterCallerComesEarlier() {
		window.reserve(now.get());
		window.reserve(now.get());
		window.reserve(now.get());
		long held = window.reserve(now.get());

		assertThat(window.reserve(now.get() + 1)).isGreaterThanOrEqualTo(held);
	}

	@Test
	void noSlidingSecondEverHoldsMoreThanTheLimit() {
		SendWindow wide = new SendWindow(50, now::get);
		Random random = new Random(7);
		List<Long> sends = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			// bunches and gaps, as late timers and a cold start produce them
			now.addAndGet(random.nextInt(10) == 0 ? 300_000_000L : random.nextInt(2_000_000));
			sends.add(wide.reserve(now.get()));
		}

		for (int i = 50; i < sends.size(); i++) {
			assertThat(sends.get(i) - sends.get(i - 50)).isGreaterThanOrEqualTo(WINDOW);
			assertThat(sends.get(i)).isGreaterThanOrEqualTo(sends.get(i - 1));
		}
	}

	@Test
	void interruptedWaiterGivesUpItsTurn() {
		window.reserve(now.get());
		window.reserve(now.get());
		window.reserve(now.get());
		Thread.currentThread().interrupt();
		try {
			assertThat(window.awaitTurn()).isFalse();
		}
		finally {
			assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
		}
	}
}
