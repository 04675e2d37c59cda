package dev.playgate.gateway.security;

import org.jspecify.annotations.Nullable;

/**
 * A token whose signature, issuer and audience passed, remembered with its validity window so a repeat costs a hash
 * lookup instead of a signature check.
 *
 * @param identity the token's subject (and the videos it may ask for)
 * @param kid the {@code kid} of the key that verified it, {@code null} when the header names none
 * @param notBeforeMillis {@code nbf} in epoch milliseconds, {@link Long#MIN_VALUE} when absent
 * @param expiresAtMillis {@code exp} in epoch milliseconds, {@link Long#MIN_VALUE} when absent (never valid)
 */
record VerifiedToken(ClientIdentity identity, @Nullable String kid, long notBeforeMillis, long expiresAtMillis) {

	/** Why the token cannot be used at {@code nowMillis} give or take {@code skewMillis}; {@code null} when it can. */
	@Nullable Rejection rejectionAt(long nowMillis, long skewMillis) {
		if (expiresAtMillis == Long.MIN_VALUE || nowMillis - skewMillis > expiresAtMillis) {
			return Rejection.EXPIRED;
		}
		if (notBeforeMillis != Long.MIN_VALUE && nowMillis + skewMillis < notBeforeMillis) {
			return Rejection.NOT_YET_VALID;
		}
		return null;
	}
}
