package dev.playgate.gateway.upstream;

import java.time.Duration;

import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.ProblemCode;

/**
 * VOD could not answer this attempt (throttled, 5xx, unreachable, malformed answer). Inside the upstream stages this
 * says whether a retry may help; {@link GuardedUpstream} turns it into a public
 * {@link dev.playgate.gateway.credential.UpstreamBusyException} once retries are spent.
 */
final class UpstreamFailedException extends CredentialException {

	/** What went wrong, and whether another attempt may cure it. */
	enum Kind {
		/** VOD answered Throttling.*: retry (the budget shrinks). */
		THROTTLED(true),
		/** HTTP 5xx or unreachable: retry. */
		UNAVAILABLE(true),
		/** A malformed answer or an SDK failure: another attempt would fail the same way. */
		FAULTY(false);

		private final boolean retryable;

		Kind(boolean retryable) {
			this.retryable = retryable;
		}
	}

	private final Kind kind;

	UpstreamFailedException(Kind kind, String message) {
		super(message, Duration.ofSeconds(1));
		this.kind = kind;
	}

	/** What went wrong. */
	Kind kind() {
		return kind;
	}

	/** Whether another attempt may succeed. */
	boolean isRetryable() {
		return kind.retryable;
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.UPSTREAM_BUSY;
	}
}
