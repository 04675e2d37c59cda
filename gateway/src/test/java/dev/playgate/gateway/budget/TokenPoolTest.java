package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.playgate.gateway.budget.ClusterBucket.Grant;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.DroppedErrors;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.time.CountingScheduler;
import dev.playgate.gateway.time.FakeTime;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The token pool against a bucket that misbehaves, in virtual time: it never wedges. */
final class TokenPoolTest {

	private static final Duration MAX_WAIT = Duration.ofMillis(500);

	private final FakeTime time = FakeTime.create();

	private final AtomicInteger takes = new AtomicInteger();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private TokenPool pool(IntFunction<Mono<Grant>> answer) {
		TokenPool.Bucket bucket = (action, want, refresh) -> answer.apply(takes.incrementAndGet());
		return new TokenPool(Action.PLAY_AUTH, bucket, time, time.scheduler(), BudgetPolicy.of(100, MAX_WAIT),
				ClusterBudgetProperties.defaults(), registry);
	}

	private static Mono<Grant> granting(int permits) {
		return Mono.just(new Grant(permits, Duration.ZERO, 1));
	}

	@Test
	void anEmptyReplyFallsBackAndTheNextPlayerGetsAFetch() {
		TokenPool pool = pool(take -> take == 1 ? Mono.empty() : granting(1));

		StepVerifier.create(pool.acquirePlayer()).expectError(RedisException.class).verify(Duration.ofSeconds(1));
		StepVerifier.create(pool.acquirePlayer()).verifyComplete();
		assertThat(takes).hasValue(2);
	}

	@Test
	void aBucketThatThrowsInsteadOfAnsweringFallsBackAndTheNextPlayerGetsAFetch() {
		TokenPool pool = pool(take -> {
			if (take == 1) {
				throw new IllegalStateException("the script could not be sent");
			}
			return granting(1);
		});

		StepVerifier.create(pool.acquirePlayer()).expectError(RedisException.class).verify(Duration.ofSeconds(1));
		StepVerifier.create(pool.acquirePlayer()).verifyComplete();
	}

	@Test
	void aReplyThatNeverComesIsGivenUpAfterItsDeadline() {
		TokenPool pool = pool(take -> take == 1 ? Mono.never() : granting(1));

		StepVerifier.create(pool.acquirePlayer())
			.then(() -> time.advance(MAX_WAIT))
			.expectError(UpstreamBusyException.class)
			.verify(Duration.ofSeconds(1));
		StepVerifier.create(pool.acquirePlayer()).verifyComplete();
		assertThat(takes).hasValue(2);
	}

	@Test
	void aSlowReplyStillServesItsPlayers() {
		TokenPool pool = pool(take -> granting(1).delayElement(Duration.ofMillis(200), time.scheduler()));

		StepVerifier.create(pool.acquirePlayer())
			.then(() -> time.advance(Duration.ofMillis(200)))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void aPlayerWhoseSubscriberThrowsDoesNotKeepTheOthersWaiting() {
		reactor.core.publisher.Sinks.One<Grant> reply = reactor.core.publisher.Sinks.one();
		TokenPool pool = pool(take -> take == 1 ? reply.asMono() : granting(1));
		pool.acquirePlayer().subscribe(new ThrowingSubscriber());
		Mono<Void> second = pool.acquirePlayer().cache();
		second.subscribe(done -> {
		}, failure -> {
		});

		reply.tryEmitValue(new Grant(2, Duration.ZERO, 1));

		StepVerifier.create(second).verifyComplete();
		StepVerifier.create(pool.acquirePlayer()).verifyComplete();
	}

	@Test
	void aPermitAlreadyInHandIsGrantedWithoutArmingATimer() {
		CountingScheduler timers = CountingScheduler.over(time.scheduler());
		reactor.core.publisher.Sinks.One<Grant> reply = reactor.core.publisher.Sinks.one();
		TokenPool pool = new TokenPool(Action.PLAY_AUTH, (action, want, refresh) -> {
			takes.incrementAndGet();
			return reply.asMono();
		}, time, timers, BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults(), registry);
		pool.acquirePlayer().subscribe();
		pool.acquirePlayer().subscribe().dispose(); // asked for, then gone: its permit stays in hand
		reply.tryEmitValue(new Grant(2, Duration.ZERO, 1));
		int armed = timers.timers();

		StepVerifier.create(pool.acquirePlayer()).verifyComplete();

		assertThat(takes).hasValue(1);
		assertThat(timers.timers()).isEqualTo(armed);
	}

	@Test
	void aPlayerWaitingForTheBucketIsStillRefusedAfterTheWaitBound() {
		CountingScheduler timers = CountingScheduler.over(time.scheduler());
		TokenPool pool = new TokenPool(Action.PLAY_AUTH, (action, want, refresh) -> Mono.never(), time, timers,
				BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults(), registry);

		StepVerifier.create(pool.acquirePlayer())
			.then(() -> assertThat(timers.timers()).isEqualTo(1))
			.then(() -> time.advance(MAX_WAIT))
			.expectError(UpstreamBusyException.class)
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void anEmptyReplyToARefreshIsNoPermit() {
		TokenPool pool = pool(take -> Mono.empty());

		StepVerifier.create(pool.acquireRefresh()).expectError(RedisException.class).verify(Duration.ofSeconds(1));
	}

	/** A pool whose bucket answers each take by hand, through {@code replies}; waits are timed on {@code timers}. */
	private TokenPool poolAnsweredByHand(List<Sinks.One<Grant>> replies, Scheduler timers) {
		return new TokenPool(Action.PLAY_AUTH, (action, want, refresh) -> {
			Sinks.One<Grant> reply = Sinks.one();
			replies.add(reply);
			return reply.asMono();
		}, time, timers, BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults(), registry);
	}

	@Test
	void aPermitArrivingAsItsPlayerIsCancelledGoesToTheNextPlayer() {
		RaceScheduler timers = RaceScheduler.over(time.scheduler());
		List<Sinks.One<Grant>> replies = new ArrayList<>();
		TokenPool pool = poolAnsweredByHand(replies, timers);
		Disposable leaving = pool.acquirePlayer().subscribe();
		AtomicInteger next = new AtomicInteger();
		pool.acquirePlayer().subscribe(null, null, next::incrementAndGet);
		// the bucket grants the one permit asked for at the very moment the first player's caller goes away
		timers.onNextDisarm(() -> replies.get(0).tryEmitValue(new Grant(1, Duration.ZERO, 1)));

		leaving.dispose();

		assertThat(next).as("the permit went back to the pool, to the next player").hasValue(1);
		assertThat(replies).as("no other take for it").hasSize(1);
	}

	@Test
	void aPermitHandedToAPlayerWhoLeavesAtThatMomentGoesToTheNextPlayer() {
		List<Sinks.One<Grant>> replies = new ArrayList<>();
		TokenPool pool = poolAnsweredByHand(replies, time.scheduler());
		List<Disposable> players = new ArrayList<>();
		AtomicInteger third = new AtomicInteger();
		// the first player's caller, as it is granted, makes the second one's go away (served by the same grant)
		players.add(pool.acquirePlayer().subscribe(null, null, () -> players.get(1).dispose()));
		players.add(pool.acquirePlayer().subscribe());
		pool.acquirePlayer().subscribe(null, null, third::incrementAndGet);

		replies.get(0).tryEmitValue(new Grant(2, Duration.ZERO, 1));

		assertThat(third).as("the second player's permit went back to the pool, to the third").hasValue(1);
	}

	@Test
	void aRedisFailureArrivingAsAPlayerIsCancelledIsNotDropped() {
		RaceScheduler timers = RaceScheduler.over(time.scheduler());
		List<Sinks.One<Grant>> replies = new ArrayList<>();
		TokenPool pool = poolAnsweredByHand(replies, timers);
		Disposable leaving = pool.acquirePlayer().subscribe(null, failure -> {
		});
		timers.onNextDisarm(() -> replies.get(0).tryEmitError(new RedisException("the bucket is down")));

		try (DroppedErrors errors = DroppedErrors.record()) {
			leaving.dispose();

			assertThat(errors.dropped()).isEmpty();
		}
		StepVerifier.create(pool.acquirePlayer())
			.then(() -> replies.get(1).tryEmitValue(new Grant(1, Duration.ZERO, 1)))
			.verifyComplete();
	}

	@Test
	void cancelledPlayersAndAQueueShedAfterwardsDropNothing() {
		List<Sinks.One<Grant>> replies = new ArrayList<>();
		TokenPool pool = poolAnsweredByHand(replies, time.scheduler());
		List<Throwable> failures = new ArrayList<>();
		try (DroppedErrors errors = DroppedErrors.record()) {
			List<Disposable> players = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				players.add(pool.acquirePlayer().subscribe(null, failures::add));
			}
			players.get(1).dispose();
			players.get(3).dispose();
			time.advance(MAX_WAIT);
			replies.get(0).tryEmitError(new RedisException("late"));

			assertThat(errors.dropped()).isEmpty();
		}
		assertThat(failures).hasSize(3).allMatch(UpstreamBusyException.class::isInstance);
	}

	@Test
	void everyRefusalOfThePoolIsCountedOnceByPriority() {
		TokenPool pool = new TokenPool(Action.PLAY_AUTH, (action, want, refresh) -> Mono.never(), time,
				time.scheduler(), BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults(), registry);
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < 51; i++) { // 100/s for 500 ms: the 51st is refused at once
			pool.acquirePlayer().subscribe(null, failures::add);
		}
		pool.acquirePlayer().subscribe(null, failures::add).dispose(); // refused at once too, though it goes away
		StepVerifier.create(pool.acquireRefresh())
			.expectError(UpstreamBusyException.class)
			.verify(Duration.ofSeconds(1));
		assertThat(failures).hasSize(2);
		assertThat(rejections(Priority.USER)).isEqualTo(2);
		assertThat(rejections(Priority.REFRESH)).isEqualTo(1);

		time.advance(MAX_WAIT);

		assertThat(failures).hasSize(52).allMatch(UpstreamBusyException.class::isInstance);
		assertThat(rejections(Priority.USER)).isEqualTo(52);
	}

	@Test
	void aRedisFailureIsNoRejection() {
		TokenPool pool = pool(take -> Mono.empty());

		StepVerifier.create(pool.acquirePlayer()).expectError(RedisException.class).verify(Duration.ofSeconds(1));
		StepVerifier.create(pool.acquireRefresh()).expectError(RedisException.class).verify(Duration.ofSeconds(1));

		assertThat(rejections(Priority.USER)).isZero();
		assertThat(rejections(Priority.REFRESH)).isZero();
	}

	private double rejections(Priority priority) {
		return ActionBudget.rejections(registry, Action.PLAY_AUTH, priority).count();
	}

	/** A subscriber that throws when it completes, as a broken downstream would. */
	private static final class ThrowingSubscriber implements CoreSubscriber<Void> {

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		public void onNext(Void value) {
		}

		@Override
		public void onError(Throwable failure) {
			throw new IllegalStateException("downstream broke");
		}

		@Override
		public void onComplete() {
			throw new IllegalStateException("downstream broke");
		}
	}
}
