package dev.playgate.gateway.shared;

import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.credential.CountingSource;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.shared.FillMessage.Filled;
import dev.playgate.gateway.shared.FillMessage.NoFill;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

final class WaitersTest {

	private final Waiters waiters = new Waiters();

	private final CredentialKey key = Fleet.freshKey();

	@Test
	void oneMessageWakesEveryWaiterOfTheKey() {
		Waiters.Ticket first = waiters.join(key);
		Waiters.Ticket second = waiters.join(key);
		byte[] message = filled();

		waiters.deliver(key.canonical(), message);

		StepVerifier.create(first.message()).expectNextMatches(Filled.class::isInstance).verifyComplete();
		StepVerifier.create(second.message()).expectNextMatches(Filled.class::isInstance).verifyComplete();
		assertThat(waiters.keys()).isZero();
	}

	@Test
	void waiterJoiningAfterAMessageWaitsForTheNextOne() {
		waiters.join(key);
		waiters.deliver(key.canonical(), filled());

		Waiters.Ticket late = waiters.join(key);

		StepVerifier.create(late.message())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(20))
			.thenCancel()
			.verify();
	}

	@Test
	void keyIsForgottenWhenItsLastWaiterLeaves() {
		Waiters.Ticket first = waiters.join(key);
		Waiters.Ticket second = waiters.join(key);

		first.leave();
		first.leave();
		assertThat(waiters.keys()).isOne();
		second.leave();

		assertThat(waiters.keys()).isZero();
	}

	@Test
	void leavingAfterTheMessageDoesNotDisturbNewWaiters() {
		Waiters.Ticket old = waiters.join(key);
		waiters.deliver(key.canonical(), filled());
		Waiters.Ticket fresh = waiters.join(key);

		old.leave();

		assertThat(waiters.keys()).isOne();
		fresh.leave();
		assertThat(waiters.keys()).isZero();
	}

	@Test
	void lostPubSubWakesEveryWaiterWithoutAFill() {
		Waiters.Ticket ticket = waiters.join(key);

		waiters.abandonAll();

		StepVerifier.create(ticket.message()).expectNext(NoFill.ABANDONED).verifyComplete();
	}

	@Test
	void messageForAKeyNobodyWaitsForIsIgnored() {
		waiters.deliver(key.canonical(), filled());

		assertThat(waiters.keys()).isZero();
	}

	private byte[] filled() {
		byte[] entry = EntryCodec.encode(CountingSource.credential(key, Instant.parse("2026-11-29T10:00:00Z"),
				Duration.ofSeconds(300)));
		byte[] message = new byte[entry.length + 1];
		message[0] = FillMessage.FILLED;
		System.arraycopy(entry, 0, message, 1, entry.length);
		return message;
	}
}
