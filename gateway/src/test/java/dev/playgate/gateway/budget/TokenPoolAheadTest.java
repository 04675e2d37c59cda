package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.budget.ClusterBucket.Grant;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.time.FakeTime;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The token pool fetching a permit ahead of a miss ({@link TokenPool#expect}), in virtual time. */
final class TokenPoolAheadTest {

	private static final Duration MAX_WAIT = Duration.ofMillis(500);

	private static final Duration VALIDITY = ClusterBudgetProperties.defaults().tokenValidity();

	/** Past a permit's validity, by a margin the expiry timer needs. */
	private static final Duration EXPIRED = VALIDITY.plusMillis(1);

	private final FakeTime time = FakeTime.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	/** The bucket's takes in order, each answered by hand. */
	private final List<Sinks.One<Grant>> replies = new ArrayList<>();

	private final List<Integer> wants = new ArrayList<>();

	private final TokenPool pool = new TokenPool(Action.PLAY_AUTH, (action, want, refresh) -> {
		Sinks.One<Grant> reply = Sinks.one();
		replies.add(reply);
		wants.add(want);
		return reply.asMono();
	}, time, time.scheduler(), BudgetPolicy.of(100, MAX_WAIT), ClusterBudgetProperties.defaults(), registry);

	private void grant(int take, int permits, Duration nextIn) {
		replies.get(take).tryEmitValue(new Grant(permits, nextIn, 1));
	}

	private double permits(String outcome) {
		return ClusterUpstreamBudget.permits(registry, Action.PLAY_AUTH, Priority.USER, outcome).count();
	}

	/** A permit fetched ahead and left to expire unused. */
	private void wasteOne() {
		int take = replies.size();
		pool.expect();
		grant(take, 1, Duration.ZERO);
		time.advance(EXPIRED);
	}

	@Test
	void aPlayerArrivingWhileTheAheadFetchIsOnItsWayIsServedByIt() {
		pool.expect();
		Mono<Void> player = pool.acquirePlayer().cache();
		player.subscribe();

		grant(0, 1, Duration.ZERO);

		StepVerifier.create(player).verifyComplete();
		assertThat(wants).containsExactly(1);
		assertThat(permits("ahead")).isEqualTo(1);
	}

	@Test
	void aPlayerArrivingAfterTheAheadFetchTakesItsPermitAtOnce() {
		pool.expect();
		grant(0, 1, Duration.ZERO);

		StepVerifier.create(pool.acquirePlayer()).verifyComplete();
		time.advance(EXPIRED);

		assertThat(replies).hasSize(1);
		assertThat(permits("expired-unused")).isZero();
	}

	@Test
	void anExpectWithAPermitInHandFetchesNothing() {
		pool.acquirePlayer().subscribe();
		grant(0, 2, Duration.ZERO);

		pool.expect();

		assertThat(replies).hasSize(1);
	}

	@Test
	void anExpectWhileAPlayerQueuesForAFetchOnItsWayFetchesNothing() {
		pool.acquirePlayer().subscribe();

		pool.expect();

		assertThat(replies).hasSize(1);
	}

	@Test
	void anExpectWhileAnAheadFetchIsOnItsWayFetchesNothing() {
		pool.expect();

		pool.expect();

		assertThat(replies).hasSize(1);
	}

	@Test
	void noAheadFetchWhileTheBucketsLastAnswerShowedNoRoom() {
		pool.acquirePlayer().subscribe();
		grant(0, 1, Duration.ofMillis(50));

		pool.expect();
		assertThat(replies).hasSize(1);

		pool.acquirePlayer().subscribe();
		grant(1, 1, Duration.ZERO);
		pool.expect();
		assertThat(replies).hasSize(3);
	}

	@Test
	void aGrantShortOfWhatWasAskedShowsNoRoom() {
		pool.acquirePlayer().subscribe();
		pool.acquirePlayer().subscribe();
		Disposable third = pool.acquirePlayer().subscribe();
		grant(0, 1, Duration.ZERO); // the first player's: the next fetch asks for the two behind it
		third.dispose(); // gone before the answer, so nobody is left queued after it
		grant(1, 1, Duration.ZERO);

		pool.expect();

		assertThat(wants).containsExactly(1, 2);
		assertThat(replies).hasSize(2);
	}

	@Test
	void aPermitFetchedAheadAndDroppedUnusedTurnsFetchingAheadOffForASecond() {
		wasteOne();

		assertThat(permits("expired-unused")).isEqualTo(1);
		pool.expect();
		assertThat(replies).hasSize(1);

		time.advance(Duration.ofSeconds(1));
		pool.expect();
		assertThat(replies).hasSize(2);
	}

	@Test
	void eachFurtherPermitDroppedUnusedDoublesTheBackOffAndAUsedOneResetsIt() {
		wasteOne();
		time.advance(Duration.ofSeconds(1));
		wasteOne(); // off for two seconds now

		time.advance(Duration.ofSeconds(1));
		pool.expect();
		assertThat(replies).hasSize(2);
		time.advance(Duration.ofSeconds(1));
		pool.expect();
		grant(2, 1, Duration.ZERO);
		StepVerifier.create(pool.acquirePlayer()).verifyComplete(); // used: one second again

		wasteOne();
		time.advance(Duration.ofSeconds(1));
		pool.expect();
		assertThat(replies).hasSize(5);
		assertThat(permits("ahead")).isEqualTo(4);
		assertThat(permits("expired-unused")).isEqualTo(3);
	}

	@Test
	void aPlayerQueuingForAFetchOfItsOwnEndsALongBackOffWithinASecond() {
		wasteOne();
		time.advance(Duration.ofSeconds(1));
		wasteOne();
		time.advance(Duration.ofSeconds(2));
		wasteOne(); // off for four seconds now
		Mono<Void> player = pool.acquirePlayer().cache();
		player.subscribe();
		grant(3, 1, Duration.ZERO);
		StepVerifier.create(player).verifyComplete();

		time.advance(Duration.ofSeconds(1));
		pool.expect();

		assertThat(replies).hasSize(5);
	}

	@Test
	void anAheadFetchThatFailsFailsNobodyAndTheNextPlayerStillGetsAPermit() {
		pool.expect();
		replies.get(0).tryEmitError(new RedisException("connection reset"));

		Mono<Void> player = pool.acquirePlayer().cache();
		player.subscribe();
		grant(1, 1, Duration.ZERO);

		StepVerifier.create(player).verifyComplete();
		assertThat(permits("ahead")).isZero();
	}

	@Test
	void aPlayerQueuedBehindAnAheadFetchThatFailsFallsBack() {
		pool.expect();
		Mono<Void> player = pool.acquirePlayer().cache();
		player.subscribe(null, failure -> {
		});

		replies.get(0).tryEmitError(new RedisException("connection reset"));

		StepVerifier.create(player).expectError(RedisException.class).verify(Duration.ofSeconds(1));
	}

	@Test
	void afterAFailedAheadFetchOnlyAPlayersFetchTurnsFetchingAheadOnAgain() {
		pool.expect();
		replies.get(0).tryEmitError(new RedisException("connection reset"));

		pool.expect();
		assertThat(replies).hasSize(1);

		pool.acquirePlayer().subscribe();
		grant(1, 1, Duration.ZERO);
		pool.expect();
		assertThat(replies).hasSize(3);
	}
}
