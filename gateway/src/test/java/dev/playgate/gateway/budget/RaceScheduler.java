package dev.playgate.gateway.budget;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler over another (usually a {@code FakeTime}'s) that runs a task set by the test the first time a timer
 * armed on it is disarmed, before disarming it: to play, deterministically on one thread, what another thread does at
 * the very moment a wait is given up (a permit or a refusal arriving as the caller cancels).
 */
final class RaceScheduler implements Scheduler {

	private final Scheduler scheduler;
	private final AtomicReference<@Nullable Runnable> onDisarm = new AtomicReference<>();

	private RaceScheduler(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/** Runs everything on {@code scheduler}. */
	static RaceScheduler over(Scheduler scheduler) {
		return new RaceScheduler(scheduler);
	}

	/** Runs {@code race} once, when the next timer is disarmed (just before it is). */
	void onNextDisarm(Runnable race) {
		onDisarm.set(race);
	}

	@Override
	public Disposable schedule(Runnable task) {
		return scheduler.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		Disposable timer = scheduler.schedule(task, delay, unit);
		return new Disposable() {

			@Override
			public void dispose() {
				Runnable race = onDisarm.getAndSet(null);
				if (race != null) {
					race.run();
				}
				timer.dispose();
			}

			@Override
			public boolean isDisposed() {
				return timer.isDisposed();
			}
		};
	}

	@Override
	public Worker createWorker() {
		return scheduler.createWorker();
	}
}
