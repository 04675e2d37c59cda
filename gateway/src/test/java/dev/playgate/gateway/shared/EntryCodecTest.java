package dev.playgate.gateway.shared;

import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.credential.CountingSource;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class EntryCodecTest {

	private final CredentialKey key = Fleet.freshKey();

	private final Credential credential = CountingSource.credential(key,
			Instant.parse("2026-11-29T10:15:30.123456789Z"), Duration.ofSeconds(3000));

	@Test
	void entryRoundTripsWithNanosecondInstants() {
		byte[] encoded = EntryCodec.encode(credential);

		assertThat(EntryCodec.decode(key, encoded, 0)).isEqualTo(credential);
		assertThat(encoded).hasSize(credential.body().length + 25);
	}

	@Test
	void entryIsReadFromAnOffsetInsideAFillMessage() {
		byte[] entry = EntryCodec.encode(credential);
		byte[] message = new byte[entry.length + 1];
		message[0] = FillMessage.FILLED;
		System.arraycopy(entry, 0, message, 1, entry.length);

		assertThat(EntryCodec.decode(key, message, 1)).isEqualTo(credential);
	}

	@Test
	void entryOfAnotherFormatVersionIsNotRead() {
		byte[] encoded = EntryCodec.encode(credential);
		encoded[0] = 2;

		assertThat(EntryCodec.decode(key, encoded, 0)).isNull();
	}

	@Test
	void truncatedEntryIsNotRead() {
		assertThat(EntryCodec.decode(key, new byte[] { EntryCodec.VERSION, 0, 0 }, 0)).isNull();
	}
}
