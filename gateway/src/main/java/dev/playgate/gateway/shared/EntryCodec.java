package dev.playgate.gateway.shared;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import org.jspecify.annotations.Nullable;

/**
 * The L2 form of a credential: a version byte, issue and expiry instants (epoch seconds and nanoseconds), then the
 * already-encoded JSON body, 25 bytes more than the body. The key is not stored; it is in the Redis key's name.
 */
final class EntryCodec {

	static final byte VERSION = 1;

	private static final int HEADER = 1 + 2 * (Long.BYTES + Integer.BYTES);

	private EntryCodec() {
	}

	static byte[] encode(Credential credential) {
		byte[] body = credential.body();
		ByteBuffer out = ByteBuffer.allocate(HEADER + body.length);
		out.put(VERSION);
		putInstant(out, credential.issuedAt());
		putInstant(out, credential.expiresAt());
		out.put(body);
		return out.array();
	}

	/** The credential in {@code bytes} from {@code offset}, or {@code null} when written by another format version. */
	static @Nullable Credential decode(CredentialKey key, byte[] bytes, int offset) {
		if (bytes.length - offset < HEADER || bytes[offset] != VERSION) {
			return null;
		}
		ByteBuffer in = ByteBuffer.wrap(bytes, offset + 1, HEADER - 1);
		Instant issuedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
		Instant expiresAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
		if (!expiresAt.isAfter(issuedAt)) {
			return null;
		}
		return new Credential(key, Arrays.copyOfRange(bytes, offset + HEADER, bytes.length), issuedAt, expiresAt);
	}

	private static void putInstant(ByteBuffer out, Instant instant) {
		out.putLong(instant.getEpochSecond());
		out.putInt(instant.getNano());
	}
}
