package dev.playgate.gateway.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler that counts the timers armed on it (delayed and periodic tasks, on itself or its workers) and runs
 * everything on the scheduler it wraps, usually a {@link FakeTime}'s: for tests whose claim is that a path arms no
 * timer, or one only.
 */
public final class CountingScheduler implements Scheduler {

	private final Scheduler scheduler;
	private final AtomicInteger timers = new AtomicInteger();

	private CountingScheduler(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/** Counts the timers armed on {@code scheduler}, which runs them. */
	public static CountingScheduler over(Scheduler scheduler) {
		return new CountingScheduler(scheduler);
	}

	/** How many delayed or periodic tasks were scheduled so far (cancelled ones included). */
	public int timers() {
		return timers.get();
	}

	@Override
	public Disposable schedule(Runnable task) {
		return scheduler.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		timers.incrementAndGet();
		return scheduler.schedule(task, delay, unit);
	}

	@Override
	public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
		timers.incrementAndGet();
		return scheduler.schedulePeriodically(task, initialDelay, period, unit);
	}

	@Override
	public long now(TimeUnit unit) {
		return scheduler.now(unit);
	}

	@Override
	public Worker createWorker() {
		return new CountingWorker(scheduler.createWorker());
	}

	@Override
	public void dispose() {
		scheduler.dispose();
	}

	@Override
	public boolean isDisposed() {
		return scheduler.isDisposed();
	}

	/** A worker of the wrapped scheduler whose timers are counted too. */
	private final class CountingWorker implements Worker {

		private final Worker worker;

		CountingWorker(Worker worker) {
			this.worker = worker;
		}

		@Override
		public Disposable schedule(Runnable task) {
			return worker.schedule(task);
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			timers.incrementAndGet();
			return worker.schedule(task, delay, unit);
		}

		@Override
		public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
			timers.incrementAndGet();
			return worker.schedulePeriodically(task, initialDelay, period, unit);
		}

		@Override
		public void dispose() {
			worker.dispose();
		}

		@Override
		public boolean isDisposed() {
			return worker.isDisposed();
		}
	}
}
