package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.playgate.gateway.budget.ClusterBucket.Grant;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.time.CountingScheduler;
import dev.playgate.gateway.time.FakeTime;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The token pool against a bucket that misbehaves, in virtual time: it never wedges. */
final class TokenPoolTest {

	private static final Duration MAX_WAIT = Duration.ofMillis(500);

	private final FakeTime time = FakeTime.create();

	private final AtomicInteger takes = new AtomicInteger();

	private TokenPool pool(IntFunction<Mono<Grant>> answer) {
		TokenPool.Bucket bucket = (action, want, refresh) -> answer.apply(takes.incrementAndGet());
		return new TokenPool(Action.PLAY_AUTH, bucket, time, time.scheduler(), BudgetPolicy.of(100, MAX_WAIT),
				ClusterBudgetProperties.defaults());
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
		}, time, timers, BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults());
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
				BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults());

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
