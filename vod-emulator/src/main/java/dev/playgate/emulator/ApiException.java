package dev.playgate.emulator;

/** A refusal an action raises with the VOD error to answer; stackless because refusals are frequent by design. */
final class ApiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient ApiError error;

	ApiException(ApiError error) {
		super(error.code(), null, false, false);
		this.error = error;
	}

	ApiError error() {
		return error;
	}
}
