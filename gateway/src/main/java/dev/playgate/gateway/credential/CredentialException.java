package dev.playgate.gateway.credential;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Why a credential cannot be handed out. Each subclass names one condition and carries the {@link ProblemCode} the
 * edge answers with. These are flow-control signals raised at high rates, so they carry no stack trace; their
 * message is safe to show a client (it never contains a secret).
 */
public abstract class CredentialException extends RuntimeException {

	private final @Nullable Duration retryAfter;

	/** A refusal with a client-safe message and, for temporary conditions, when to retry. */
	protected CredentialException(String message, @Nullable Duration retryAfter) {
		super(message, null, false, false);
		this.retryAfter = retryAfter;
	}

	/** The problem code sent to the client. */
	public abstract ProblemCode code();

	/** How long the client should wait before retrying, for temporary conditions; {@code null} otherwise. */
	public @Nullable Duration retryAfter() {
		return retryAfter;
	}
}
