package dev.playgate.gateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A VOD call that failed, as a {@link VodClient} reports it: what the failure means and the request id VOD gave it.
 * The stage turns it into the gateway's exception once it has counted and logged it; it carries no stack trace.
 */
final class VodCallException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient VodFailure failure;
	private final @Nullable String requestId;

	VodCallException(VodFailure failure, @Nullable String requestId) {
		super(failure.outcome().tag() + (failure.code() == null ? "" : " " + failure.code()), null, false, false);
		this.failure = failure;
		this.requestId = requestId;
	}

	/** What the failure means for the gateway. */
	VodFailure failure() {
		return failure;
	}

	/** VOD's request id of the failed call, or {@code null} when the failure happened before or without an answer. */
	@Nullable String requestId() {
		return requestId;
	}
}
