package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One call waiting in a queue of the budget ({@link FairShare}, {@link TokenPool}) for a permit: answered at most
 * once, by whoever takes it out of waiting first; a call whose caller went away is never answered.
 *
 * <p>
 * Three parties may end a wait at the same moment: the queue handing it a permit or a refusal, its wait bound, and
 * its caller going away. Each first moves the waiter out of waiting with one compare-and-set, and only the winner
 * acts: the queue signals its answer ({@link #grant}, {@link #refuse}), the bound signals its refusal and the caller's
 * cancellation signals nothing; both of the latter then let the queue know the call left ({@link #left}). A queue
 * whose compare-and-set fails knows the call is gone and passes the permit to the next in turn, so a cancelled call
 * keeps neither a place nor a permit. The bound is a timer of this waiter, not a {@code timeout()} operator in front of
 * the answer: that operator refused a call on its own, so a refusal the queue handed out just as the timer fired or
 * the caller cancelled met a subscriber that had already ended and went to Reactor's dropped-error hook (an ERROR in
 * the log), and a permit handed out that way was lost. The answer is a {@link Sinks.One}, which ignores a signal that
 * meets a subscriber cancelled after the queue won, so nothing is dropped in that last instant either.
 */
abstract class PermitWaiter extends AtomicInteger {

	private static final long serialVersionUID = 1L;

	private static final int WAITING = 0;

	private static final int ANSWERED = 1;

	private static final int GONE = 2;

	private final transient Sinks.One<Void> sink = Sinks.unsafe().one();

	private transient volatile @Nullable Disposable bound;

	PermitWaiter() {
		super(WAITING);
	}

	/** Its answer: completes when it is handed a permit, fails when refused; cancelling leaves the queue. */
	final Mono<Void> answer() {
		return sink.asMono().doOnCancel(this::cancel);
	}

	/** Whether it still waits: neither answered nor gone. */
	final boolean isWaiting() {
		return get() == WAITING;
	}

	/** Hands it a permit; {@code false} when it is gone, and the permit is the queue's to pass on. */
	final boolean grant() {
		if (!settle(ANSWERED)) {
			return false;
		}
		sink.tryEmitEmpty();
		return true;
	}

	/** Refuses it with {@code refusal}; {@code false} when it is gone, and the refusal is nobody's. */
	final boolean refuse(Throwable refusal) {
		if (!settle(ANSWERED)) {
			return false;
		}
		sink.tryEmitError(refusal);
		return true;
	}

	/**
	 * Bounds its wait: if it still waits after {@code maxWait} on {@code scheduler}, it leaves the queue and is
	 * refused with what {@code refusal} makes then (only then: the supplier may count the refusal).
	 */
	final void bound(Duration maxWait, Scheduler scheduler, Supplier<? extends Throwable> refusal) {
		Disposable timer = scheduler.schedule(() -> expire(refusal), maxWait.toNanos(), TimeUnit.NANOSECONDS);
		bound = timer;
		if (!isWaiting()) {
			timer.dispose(); // answered or gone while the timer was being armed
		}
	}

	/** Called once when the call leaves without an answer from the queue (cancelled, or its wait bound passed). */
	abstract void left();

	private void expire(Supplier<? extends Throwable> refusal) {
		if (settle(GONE)) {
			left();
			sink.tryEmitError(refusal.get());
		}
	}

	private void cancel() {
		if (settle(GONE)) {
			left();
		}
	}

	/** Moves it out of waiting, if it still waits, and disarms its bound. */
	private boolean settle(int state) {
		if (!compareAndSet(WAITING, state)) {
			return false;
		}
		Disposable timer = bound;
		if (timer != null) {
			timer.dispose();
		}
		return true;
	}
}
