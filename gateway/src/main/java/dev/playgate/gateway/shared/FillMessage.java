package dev.playgate.gateway.shared;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.NoStreamException;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.UpstreamMisconfiguredException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.credential.VideoNotPlayableException;
import org.jspecify.annotations.Nullable;

/**
 * What a lease holder tells the waiters on its key's channel: the credential it filled (the message carries the L2
 * entry, so waiters need no extra read), the failure every waiter shares, or that it gave up without an answer the
 * waiters should share (they then claim the lease again).
 */
sealed interface FillMessage {

	/** First byte of a filled message; the fill script writes it in front of the L2 entry. */
	byte FILLED = 1;

	/** First byte of a failure message. */
	byte FAILED = 2;

	/** First byte of an abandoned message. */
	byte ABANDONED = 3;

	/** The holder filled the key. */
	record Filled(Credential credential) implements FillMessage {
	}

	/** The holder, serving a player, failed in a way its waiters share (as in-process coalescing would). */
	record Failed(CredentialException failure) implements FillMessage {
	}

	/** No fill to share: the holder gave up, the wait timed out, or the pub/sub connection dropped. */
	enum NoFill implements FillMessage {
		/** The holder gave up without a shareable answer (for example, a refresh found no spare budget). */
		ABANDONED,
		/** No message arrived within the lease's remaining life. */
		TIMED_OUT
	}

	/** Reads a message published on {@code key}'s channel; anything unreadable counts as abandoned. */
	static FillMessage decode(CredentialKey key, byte[] message) {
		if (message.length == 0) {
			return NoFill.ABANDONED;
		}
		if (message[0] == FILLED) {
			Credential credential = EntryCodec.decode(key, message, 1);
			return credential == null ? NoFill.ABANDONED : new Filled(credential);
		}
		if (message[0] == FAILED) {
			CredentialException failure = decodeFailure(message);
			return failure == null ? NoFill.ABANDONED : new Failed(failure);
		}
		return NoFill.ABANDONED;
	}

	/** What the holder of {@code request}'s lease publishes when its upstream call fails with {@code failure}. */
	static byte[] encodeFailure(CredentialRequest request, Throwable failure) {
		if (request.priority() != Priority.USER || !(failure instanceof CredentialException shared)
				|| rebuild(shared.code(), "", Duration.ZERO) == null) {
			return new byte[] { ABANDONED };
		}
		byte[] code = shared.code().name().getBytes(StandardCharsets.US_ASCII);
		byte[] text = String.valueOf(shared.getMessage()).getBytes(StandardCharsets.UTF_8);
		Duration retryAfter = shared.retryAfter();
		return ByteBuffer.allocate(1 + Long.BYTES + 1 + code.length + text.length)
			.put(FAILED)
			.putLong(retryAfter == null ? -1 : retryAfter.toMillis())
			.put((byte) code.length)
			.put(code)
			.put(text)
			.array();
	}

	private static @Nullable CredentialException decodeFailure(byte[] message) {
		try {
			ByteBuffer in = ByteBuffer.wrap(message, 1, message.length - 1);
			long retryAfter = in.getLong();
			byte[] code = new byte[in.get()];
			in.get(code);
			String text = new String(message, in.position(), in.remaining(), StandardCharsets.UTF_8);
			ProblemCode problem = ProblemCode.valueOf(new String(code, StandardCharsets.US_ASCII));
			return rebuild(problem, text, retryAfter < 0 ? Duration.ofSeconds(1) : Duration.ofMillis(retryAfter));
		}
		catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException
				| NegativeArraySizeException unreadable) {
			// a newer replica's format: its waiters claim again rather than fail
			return null;
		}
	}

	/** The failure a waiter raises for a holder's problem, or {@code null} for problems waiters must not share. */
	private static @Nullable CredentialException rebuild(ProblemCode code, String message, Duration retryAfter) {
		return switch (code) {
			case UPSTREAM_BUSY -> new UpstreamBusyException(message, retryAfter);
			case UPSTREAM_TIMEOUT -> new UpstreamTimeoutException(message);
			case UPSTREAM_MISCONFIGURED -> new UpstreamMisconfiguredException(message);
			case VIDEO_NOT_FOUND -> new VideoNotFoundException(message);
			case NO_STREAM -> new NoStreamException(message);
			case VIDEO_NOT_PLAYABLE -> new VideoNotPlayableException(message);
			default -> null;
		};
	}
}
