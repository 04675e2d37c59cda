package dev.playgate.gateway.shared;

import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.credential.CountingSource;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.shared.FillMessage.Failed;
import dev.playgate.gateway.shared.FillMessage.Filled;
import dev.playgate.gateway.shared.FillMessage.NoFill;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class FillMessageTest {

	private final CredentialKey key = Fleet.freshKey();

	private final CredentialRequest player = CredentialRequest.of(key, Duration.ofSeconds(60));

	@Test
	void filledMessageCarriesTheEntry() {
		var credential = CountingSource.credential(key, Instant.parse("2026-11-29T10:00:00Z"), Duration.ofSeconds(300));
		byte[] entry = EntryCodec.encode(credential);
		byte[] message = new byte[entry.length + 1];
		message[0] = FillMessage.FILLED;
		System.arraycopy(entry, 0, message, 1, entry.length);

		assertThat(FillMessage.decode(key, message)).isEqualTo(new Filled(credential));
	}

	@Test
	void playerFacingFailureIsSharedWithItsRetryAfter() {
		byte[] message = FillMessage.encodeFailure(player,
				new UpstreamBusyException("budget spent", Duration.ofSeconds(3)));

		FillMessage decoded = FillMessage.decode(key, message);

		assertThat(decoded).isInstanceOfSatisfying(Failed.class, failed -> {
			assertThat(failed.failure()).isInstanceOf(UpstreamBusyException.class).hasMessage("budget spent");
			assertThat(failed.failure().retryAfter()).isEqualTo(Duration.ofSeconds(3));
		});
	}

	@Test
	void definitiveVideoFailureIsShared() {
		byte[] message = FillMessage.encodeFailure(player, new VideoNotFoundException("no such video"));

		assertThat(FillMessage.decode(key, message)).isInstanceOfSatisfying(Failed.class,
				failed -> assertThat(failed.failure()).isInstanceOf(VideoNotFoundException.class));
	}

	@Test
	void refreshFailureIsNotSharedWithPlayers() {
		byte[] message = FillMessage.encodeFailure(player.asRefresh(),
				new UpstreamBusyException("no spare budget", Duration.ofSeconds(1)));

		assertThat(FillMessage.decode(key, message)).isEqualTo(NoFill.ABANDONED);
	}

	@Test
	void unexpectedFailureIsNotShared() {
		assertThat(FillMessage.decode(key, FillMessage.encodeFailure(player, new IllegalStateException("bug"))))
			.isEqualTo(NoFill.ABANDONED);
		assertThat(FillMessage.decode(key, FillMessage.encodeFailure(player, new InvalidParameterException("bad"))))
			.isEqualTo(NoFill.ABANDONED);
	}

	@Test
	void unreadableMessageCountsAsAbandoned() {
		assertThat(FillMessage.decode(key, new byte[0])).isEqualTo(NoFill.ABANDONED);
		assertThat(FillMessage.decode(key, new byte[] { FillMessage.FAILED, 1, 2 })).isEqualTo(NoFill.ABANDONED);
		assertThat(FillMessage.decode(key, new byte[] { 42 })).isEqualTo(NoFill.ABANDONED);
	}
}
