package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

final class QuotaTest {

	@Test
	void slidingQuotaRefusesWhileAnyOneSecondWindowIsFull() {
		Quota quota = new SlidingQuota(3);

		assertThat(quota.tryAcquire(0)).isTrue();
		assertThat(quota.tryAcquire(500)).isTrue();
		assertThat(quota.tryAcquire(999)).isTrue();
		assertThat(quota.tryAcquire(999)).isFalse();
		assertThat(quota.tryAcquire(1000)).as("the call at 0 left the window").isTrue();
		assertThat(quota.tryAcquire(1200)).isFalse();
		assertThat(quota.tryAcquire(1500)).isTrue();
	}

	@Test
	void fixedQuotaCountsCalendarSeconds() {
		Quota quota = new FixedQuota(2);

		assertThat(quota.tryAcquire(900)).isTrue();
		assertThat(quota.tryAcquire(999)).isTrue();
		assertThat(quota.tryAcquire(999)).isFalse();
		assertThat(quota.tryAcquire(1000)).isTrue();
		assertThat(quota.tryAcquire(1001)).isTrue();
		assertThat(quota.tryAcquire(1999)).isFalse();
	}

	@Test
	void concurrentCallersAreAdmittedExactlyUpToTheLimit() throws InterruptedException {
		for (Quota quota : new Quota[] { new SlidingQuota(50), new FixedQuota(50) }) {
			for (long second = 0; second < 3; second++) {
				assertThat(admittedByFourThreads(quota, second * 1000)).as(quota + " at second " + second)
						.isEqualTo(50);
			}
		}
	}

	private static int admittedByFourThreads(Quota quota, long now) throws InterruptedException {
		AtomicInteger admitted = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < 5_000; i++) {
					if (quota.tryAcquire(now)) {
						admitted.incrementAndGet();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		return admitted.get();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
