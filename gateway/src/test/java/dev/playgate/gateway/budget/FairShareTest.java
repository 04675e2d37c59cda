package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.DroppedErrors;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.time.CountingScheduler;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/** The fair share of the upstream budget, in virtual time. */
final class FairShareTest {

	private static final Duration MAX_WAIT = Duration.ofSeconds(2);

	private final FakeTime time = FakeTime.create();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Counter rejections = ActionBudget.rejections(registry, Action.PLAY_AUTH, Priority.USER);

	/** Permits handed out by hand: each admitted call waits on its own sink until the test grants it. */
	private final List<Sinks.Empty<Void>> asked = new ArrayList<>();

	/** A share asking {@code ahead} permits at a time, each granted by hand. */
	private FairShare share(int ahead, int perClient, int maxClients) {
		return new FairShare(ahead, perClient, maxClients, MAX_WAIT, 10, time.scheduler(), this::permitByHand,
				rejections);
	}

	private Mono<Void> permitByHand() {
		Sinks.Empty<Void> permit = Sinks.empty();
		asked.add(permit);
		return permit.asMono();
	}

	private void grant(int index) {
		asked.get(index).tryEmitEmpty();
	}

	@Test
	void aLightClientIsFullyServedWhileHeavyClientsSplitTheRest() {
		FairBudget budget = FairBudget.of(
				LocalUpstreamBudget.of(BudgetPolicy.of(40, MAX_WAIT), time, time.scheduler(),
						new SimpleMeterRegistry()),
				BudgetPolicy.of(40, MAX_WAIT), time.scheduler(), new SimpleMeterRegistry());
		Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
		AtomicInteger lightAsked = new AtomicInteger();
		AtomicInteger lightRefused = new AtomicInteger();
		for (String heavy : List.of("heavy-a", "heavy-b")) {
			for (int thread = 0; thread < 24; thread++) {
				keepAsking(budget, heavy, served);
			}
		}
		for (int tick = 0; tick < 400; tick++) {
			if (tick % 20 == 0) { // 5 new calls a second
				lightAsked.incrementAndGet();
				budget.acquire(Action.PLAY_AUTH, Priority.USER, "light")
					.subscribe(null, refused -> lightRefused.incrementAndGet(),
							() -> served.computeIfAbsent("light", c -> new AtomicInteger()).incrementAndGet());
			}
			time.advance(Duration.ofMillis(10));
		}
		time.advance(MAX_WAIT);

		int light = served.get("light").get();
		int heavyA = served.get("heavy-a").get();
		int heavyB = served.get("heavy-b").get();
		assertThat(lightRefused).hasValue(0);
		assertThat(light).isEqualTo(lightAsked.get());
		assertThat(heavyA).isGreaterThan(3 * light);
		assertThat(Math.abs(heavyA - heavyB)).isLessThanOrEqualTo(Math.max(4, heavyA / 10));
		assertThat(light + heavyA + heavyB).as("every permit of 6 s at the plan's 36/s is used, but for one period")
			.isGreaterThanOrEqualTo(36 * 6 - 4);
	}

	@Test
	void aLoneFloodingClientUsesTheWholeBudget() {
		BudgetPolicy policy = BudgetPolicy.of(50, Duration.ofMillis(300));
		int plain = servedOfAFlood(LocalUpstreamBudget.of(policy, time, time.scheduler(), new SimpleMeterRegistry()));
		FakeTime fairTime = FakeTime.create();
		FairBudget fair = FairBudget.of(
				LocalUpstreamBudget.of(policy, fairTime, fairTime.scheduler(), new SimpleMeterRegistry()), policy,
				fairTime.scheduler(), new SimpleMeterRegistry());

		int shared = servedOfAFlood(fair, fairTime);

		assertThat(plain).as("the plain budget: ~90%% of 50/s for 2.3 s").isBetween(90, 116);
		// the plain budget also serves, after the flood, calls it reserved permits for up to max-wait ahead: one period
		assertThat(shared).as("fair share with nobody to be fair to: the plain budget's, but for its last period")
			.isBetween(plain - 5, plain);
		assertThat(fair.share(Action.PLAY_AUTH).dropped()).as("permits granted with nobody left to take them").isZero();
	}

	private int servedOfAFlood(UpstreamBudget budget) {
		return servedOfAFlood(budget, time);
	}

	/** 10 new calls every 50 ms for 2 s (four times a budget of 50/s) from one client; the permits granted. */
	private static int servedOfAFlood(UpstreamBudget budget, FakeTime clock) {
		AtomicInteger served = new AtomicInteger();
		for (int tick = 0; tick < 40; tick++) {
			for (int i = 0; i < 10; i++) {
				budget.acquire(Action.PLAY_AUTH, Priority.USER, "flooder")
					.subscribe(null, refused -> { }, served::incrementAndGet);
			}
			clock.advance(Duration.ofMillis(50));
		}
		clock.advance(Duration.ofMillis(300));
		return served.get();
	}

	/** One thread of a flooding client: asks again as soon as its call is answered either way. */
	private void keepAsking(FairBudget budget, String client, Map<String, AtomicInteger> served) {
		budget.acquire(Action.PLAY_AUTH, Priority.USER, client).subscribe(null, refused -> keepAsking(budget, client,
				served), () -> {
					served.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
					keepAsking(budget, client, served);
				});
	}

	@Test
	void clientsTakeTurnsForThePermitsGranted() {
		FairShare share = share(1, 10, 10);
		List<String> order = new ArrayList<>();
		for (String client : List.of("first", "a", "a", "a", "b", "c")) {
			share.acquire(client).subscribe(null, null, () -> order.add(client));
		}
		for (int i = 0; i < 6; i++) {
			grant(i);
		}

		assertThat(order).containsExactly("first", "a", "b", "c", "a", "a");
	}

	@Test
	void aCancelledWaiterGivesUpItsPlace() {
		FairShare share = share(1, 10, 10);
		share.acquire("a").subscribe();
		Disposable leaving = share.acquire("b").subscribe();
		AtomicInteger third = new AtomicInteger();
		share.acquire("c").subscribe(null, null, third::incrementAndGet);
		assertThat(share.queued()).isEqualTo(3);

		leaving.dispose();
		assertThat(share.queued()).isEqualTo(2);
		grant(0);

		assertThat(asked).hasSize(2); // one permit for each call still waiting
		grant(1);
		assertThat(third).hasValue(1);
		assertThat(share.queued()).isZero();
		assertThat(share.clients()).isZero();
	}

	@Test
	void aPermitAskedWhileACallWaitedGoesToTheNextInTurnWhenThatCallLeaves() {
		FairShare share = share(1, 10, 10);
		Disposable first = share.acquire("a").subscribe();
		AtomicInteger next = new AtomicInteger();
		share.acquire("b").subscribe(null, null, next::incrementAndGet);

		first.dispose();
		grant(0);

		assertThat(asked).hasSize(1);
		assertThat(next).hasValue(1);
		assertThat(share.dropped()).isZero();
	}

	@Test
	void aPermitGrantedWhenNobodyWaitsAnyMoreIsDroppedNotKept() {
		FairShare share = share(1, 10, 10);
		share.acquire("a").subscribe().dispose();
		grant(0);
		AtomicInteger later = new AtomicInteger();
		share.acquire("b").subscribe(null, null, later::incrementAndGet);

		assertThat(share.dropped()).isEqualTo(1);
		assertThat(later).hasValue(0);
		assertThat(asked).hasSize(2);
	}

	@Test
	void neverAsksMorePermitsAheadThanCallsWaitOrTheBoundAllows() {
		FairShare share = share(3, 10, 10);
		share.acquire("a").subscribe();
		share.acquire("a").subscribe();
		assertThat(asked).hasSize(2);

		for (int i = 0; i < 5; i++) {
			share.acquire("b").subscribe();
		}

		assertThat(asked).hasSize(3);
	}

	@Test
	void aWaiterTimesOutAsBusyAfterTheWaitBoundAndLeavesNoState() {
		FairShare share = share(1, 10, 10);
		share.acquire("a").subscribe(); // its permit is never granted
		List<Throwable> failures = new ArrayList<>();
		share.acquire("b").subscribe(null, failures::add);

		time.advance(MAX_WAIT.minusMillis(1));
		assertThat(failures).isEmpty();
		time.advance(Duration.ofMillis(1));

		assertThat(failures).singleElement()
			.isInstanceOfSatisfying(UpstreamBusyException.class,
					busy -> assertThat(busy.retryAfter()).isPositive());
		assertThat(share.queued()).isZero();
		assertThat(share.clients()).isZero();
	}

	@Test
	void theSetOfWaitingClientsIsBounded() {
		FairShare share = share(1, 10, 2);
		share.acquire("a").subscribe();
		share.acquire("b").subscribe();
		List<Throwable> failures = new ArrayList<>();
		share.acquire("c").subscribe(null, failures::add);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		assertThat(share.clients()).isEqualTo(2);
	}

	@Test
	void oneClientsQueueIsBounded() {
		FairShare share = share(1, 2, 10);
		share.acquire("a").subscribe();
		share.acquire("a").subscribe();
		List<Throwable> failures = new ArrayList<>();
		share.acquire("a").subscribe(null, failures::add);
		AtomicInteger other = new AtomicInteger();
		share.acquire("b").subscribe(null, null, other::incrementAndGet);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		grant(0);
		grant(1);
		assertThat(other).hasValue(1);
	}

	@Test
	void onlyACallThatWaitsArmsATimer() {
		CountingScheduler timers = CountingScheduler.over(time.scheduler());
		List<Mono<Void>> answers = new ArrayList<>(List.of(Mono.empty(), permitByHand()));
		FairShare share = new FairShare(1, 10, 10, MAX_WAIT, 10, timers, () -> answers.remove(0), rejections);
		AtomicInteger granted = new AtomicInteger();

		share.acquire("a").subscribe(null, null, granted::incrementAndGet);
		assertThat(granted).hasValue(1);
		assertThat(timers.timers()).isZero();

		List<Throwable> failures = new ArrayList<>();
		share.acquire("b").subscribe(null, failures::add);
		assertThat(timers.timers()).isEqualTo(1);
		time.advance(MAX_WAIT);
		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		assertThat(share.queued()).isZero();
	}

	@Test
	void aCallRefusedAtOnceByABoundArmsNoTimer() {
		CountingScheduler timers = CountingScheduler.over(time.scheduler());
		FairShare share = new FairShare(1, 1, 10, MAX_WAIT, 10, timers, this::permitByHand, rejections);
		share.acquire("a").subscribe();
		int armed = timers.timers();
		List<Throwable> failures = new ArrayList<>();

		share.acquire("a").subscribe(null, failures::add);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		assertThat(timers.timers()).isEqualTo(armed);
	}

	@Test
	void aRefusedPermitRefusesTheCallWhoseTurnItWasAndTheNextIsAsked() {
		List<Mono<Void>> answers = new ArrayList<>(
				List.of(Mono.error(new UpstreamBusyException("spent", Duration.ofSeconds(1))), Mono.empty()));
		FairShare share = new FairShare(1, 10, 10, MAX_WAIT, 10, time.scheduler(), () -> answers.remove(0),
				rejections);
		List<Throwable> failures = new ArrayList<>();
		share.acquire("a").subscribe(null, failures::add);
		AtomicInteger next = new AtomicInteger();
		share.acquire("b").subscribe(null, null, next::incrementAndGet);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		assertThat(next).hasValue(1);
	}

	@Test
	void aRefusalHandedOutAsItsCallIsCancelledIsNotDropped() {
		RaceScheduler timers = RaceScheduler.over(time.scheduler());
		FairShare share = new FairShare(1, 10, 10, MAX_WAIT, 10, timers, this::permitByHand, rejections);
		Disposable leaving = share.acquire("a").subscribe(null, failure -> {
		});
		// the budget refuses the permit asked for the call at the very moment its caller goes away
		timers.onNextDisarm(
				() -> asked.get(0).tryEmitError(new UpstreamBusyException("spent", Duration.ofSeconds(1))));

		try (DroppedErrors errors = DroppedErrors.record()) {
			leaving.dispose();

			assertThat(errors.dropped()).isEmpty();
		}
		assertThat(share.queued()).isZero();
	}

	@Test
	void aPermitGrantedAsItsCallIsCancelledGoesToTheNextInTurn() {
		RaceScheduler timers = RaceScheduler.over(time.scheduler());
		FairShare share = new FairShare(1, 10, 10, MAX_WAIT, 10, timers, this::permitByHand, rejections);
		Disposable leaving = share.acquire("a").subscribe();
		AtomicInteger next = new AtomicInteger();
		share.acquire("b").subscribe(null, null, next::incrementAndGet);
		// the budget grants the permit asked for the first call at the very moment its caller goes away
		timers.onNextDisarm(() -> grant(0));

		leaving.dispose();

		assertThat(next).as("the permit went on to the next in turn").hasValue(1);
		assertThat(asked).as("and no other permit was asked for it").hasSize(1);
		assertThat(share.dropped()).isZero();
		assertThat(share.queued()).isZero();
	}

	@Test
	void cancelledCallsAndAQueueShedAfterwardsDropNothing() {
		FairShare share = share(2, 10, 10);
		List<Throwable> failures = new ArrayList<>();
		List<Disposable> calls = new ArrayList<>();
		try (DroppedErrors errors = DroppedErrors.record()) {
			for (int i = 0; i < 6; i++) {
				calls.add(share.acquire("client-" + i % 3).subscribe(null, failures::add));
			}
			calls.get(0).dispose();
			calls.get(4).dispose();
			asked.get(0).tryEmitError(new UpstreamBusyException("spent", Duration.ofSeconds(1)));
			asked.get(1).tryEmitError(new UpstreamBusyException("spent", Duration.ofSeconds(1)));
			time.advance(MAX_WAIT);

			assertThat(errors.dropped()).isEmpty();
		}
		assertThat(failures).hasSize(4).allMatch(UpstreamBusyException.class::isInstance);
		assertThat(share.queued()).isZero();
		assertThat(share.clients()).isZero();
	}

	@Test
	void eachCallTheShareRefusesIsCountedOnceAndNoOther() {
		List<Mono<Void>> answers = new ArrayList<>(
				List.of(Mono.error(new UpstreamBusyException("spent", Duration.ofSeconds(1))), Mono.never()));
		FairShare share = new FairShare(1, 1, 2, MAX_WAIT, 10, time.scheduler(), () -> answers.remove(0),
				rejections);
		List<Throwable> failures = new ArrayList<>();
		share.acquire("x").subscribe(null, failures::add); // refused by the budget, which counts it: not the share
		share.acquire("a").subscribe(null, failures::add); // waits, its permit never granted
		share.acquire("a").subscribe(null, failures::add); // refused at once: a's queue is full
		share.acquire("b").subscribe(null, failures::add).dispose(); // goes away: no refusal
		share.acquire("c").subscribe(null, failures::add);
		share.acquire("d").subscribe(null, failures::add); // refused at once: two clients wait already
		assertThat(failures).hasSize(3);
		assertThat(rejections.count()).isEqualTo(2);

		time.advance(MAX_WAIT); // a and c waited too long

		assertThat(failures).hasSize(5).allMatch(UpstreamBusyException.class::isInstance);
		assertThat(rejections.count()).isEqualTo(4);
	}

	@Test
	void aFairBudgetPassesAnExpectedCallOnToTheBudgetItShares() {
		RecordingBudget shared = new RecordingBudget();
		FairBudget fair = FairBudget.of(shared, BudgetPolicy.of(50, MAX_WAIT), time.scheduler(), registry);

		fair.expect(Action.PLAY_INFO);

		assertThat(shared.expected()).containsExactly(Action.PLAY_INFO);
		assertThat(shared.acquired()).isZero();
	}

	@Test
	void aFairBudgetCountsEveryCallItShedsOnceWhicheverLayerRefusedIt() {
		BudgetPolicy policy = BudgetPolicy.of(50, Duration.ofMillis(300));
		LocalUpstreamBudget local = LocalUpstreamBudget.of(policy, time, time.scheduler(), registry);
		FairBudget fair = FairBudget.of(local, policy, time.scheduler(), registry);
		AtomicInteger refused = new AtomicInteger();
		for (int tick = 0; tick < 40; tick++) {
			if (tick % 10 == 5) {
				fair.onThrottled(Action.PLAY_AUTH); // the budget halves: some permits asked ahead are refused too
			}
			for (int i = 0; i < 10; i++) {
				fair.acquire(Action.PLAY_AUTH, Priority.USER, "client-" + i % 2)
					.subscribe(null, busy -> refused.incrementAndGet());
			}
			time.advance(Duration.ofMillis(50));
		}
		time.advance(Duration.ofMillis(300));

		assertThat(refused.get()).as("the flood was shed").isPositive();
		assertThat(rejections.count()).isEqualTo(refused.get());
	}
}
