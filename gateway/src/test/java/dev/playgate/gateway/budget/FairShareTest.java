package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.time.FakeTime;
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

	/** Permits handed out by hand: each admitted call waits on its own sink until the test grants it. */
	private final List<Sinks.Empty<Void>> asked = new ArrayList<>();

	private FairShare share(int slots, int perClient, int maxClients) {
		return new FairShare(slots, perClient, maxClients, MAX_WAIT, 10, time.scheduler());
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
				BudgetPolicy.of(40, MAX_WAIT), time.scheduler());
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
	void clientsTakeTurnsForTheFreeSlots() {
		FairShare share = share(1, 10, 10);
		List<String> order = new ArrayList<>();
		for (String client : List.of("holder", "a", "a", "a", "b", "c")) {
			share.acquire(client, this::permitByHand).subscribe(null, null, () -> order.add(client));
		}
		for (int i = 0; i < 6; i++) {
			grant(i);
		}

		assertThat(order).containsExactly("holder", "a", "b", "c", "a", "a");
	}

	@Test
	void aCancelledWaiterGivesUpItsPlace() {
		FairShare share = share(1, 10, 10);
		share.acquire("a", this::permitByHand).subscribe();
		Disposable leaving = share.acquire("b", this::permitByHand).subscribe();
		AtomicInteger third = new AtomicInteger();
		share.acquire("c", this::permitByHand).subscribe(null, null, third::incrementAndGet);
		assertThat(share.queued()).isEqualTo(2);

		leaving.dispose();
		assertThat(share.queued()).isEqualTo(1);
		grant(0);

		assertThat(asked).hasSize(2); // the cancelled waiter never asked the budget
		grant(1);
		assertThat(third).hasValue(1);
		assertThat(share.queued()).isZero();
		assertThat(share.clients()).isZero();
	}

	@Test
	void aCancelledAdmittedCallGivesItsSlotBack() {
		FairShare share = share(1, 10, 10);
		Disposable admitted = share.acquire("a", this::permitByHand).subscribe();
		AtomicInteger next = new AtomicInteger();
		share.acquire("b", this::permitByHand).subscribe(null, null, next::incrementAndGet);

		admitted.dispose();
		assertThat(asked).hasSize(2);
		grant(1);
		assertThat(next).hasValue(1);
	}

	@Test
	void aWaiterTimesOutAsBusyAfterTheWaitBoundAndLeavesNoState() {
		FairShare share = share(1, 10, 10);
		share.acquire("a", this::permitByHand).subscribe(); // never granted: holds the only slot
		List<Throwable> failures = new ArrayList<>();
		share.acquire("b", this::permitByHand).subscribe(null, failures::add);

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
		share.acquire("holder", this::permitByHand).subscribe(); // admitted: no longer queued
		share.acquire("a", this::permitByHand).subscribe();
		share.acquire("b", this::permitByHand).subscribe();
		List<Throwable> failures = new ArrayList<>();
		share.acquire("c", this::permitByHand).subscribe(null, failures::add);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		assertThat(share.clients()).isEqualTo(2);
	}

	@Test
	void oneClientsQueueIsBounded() {
		FairShare share = share(1, 2, 10);
		share.acquire("a", this::permitByHand).subscribe();
		share.acquire("a", this::permitByHand).subscribe();
		share.acquire("a", this::permitByHand).subscribe();
		List<Throwable> failures = new ArrayList<>();
		share.acquire("a", this::permitByHand).subscribe(null, failures::add);
		AtomicInteger other = new AtomicInteger();
		share.acquire("b", this::permitByHand).subscribe(null, null, other::incrementAndGet);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		grant(0);
		grant(1);
		grant(2);
		assertThat(other).hasValue(1);
	}

	@Test
	void aFailedPermitFailsItsCallAndFreesTheSlot() {
		FairShare share = share(1, 10, 10);
		List<Throwable> failures = new ArrayList<>();
		share.acquire("a", () -> Mono.error(new UpstreamBusyException("spent", Duration.ofSeconds(1))))
			.subscribe(null, failures::add);
		AtomicInteger next = new AtomicInteger();
		share.acquire("b", Mono::empty).subscribe(null, null, next::incrementAndGet);

		assertThat(failures).singleElement().isInstanceOf(UpstreamBusyException.class);
		assertThat(next).hasValue(1);
	}
}
