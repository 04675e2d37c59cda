package dev.playgate.gateway.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One upstream result, ready to hand out: the public JSON answer already encoded (so a cache hit writes bytes and
 * serialises nothing), when the upstream call started, and the conservative instant it stops working.
 *
 * @param key what this credential answers
 * @param body the UTF-8 JSON body of the public answer, including {@code expiresAt}; never modified after creation
 * @param issuedAt when the upstream call that produced it started (the origin of {@code Age})
 * @param expiresAt issue time plus the requested timeout minus the clock-skew margin
 */
public record Credential(CredentialKey key, byte[] body, Instant issuedAt, Instant expiresAt) {

	/** Checks that the credential is coherent. */
	public Credential {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(body, "body must not be null");
		if (!expiresAt.isAfter(issuedAt)) {
			throw new IllegalArgumentException("expiresAt must be after issuedAt: " + expiresAt + " <= " + issuedAt);
		}
	}

	/** How long it was valid for when it was issued. */
	public Duration lifetime() {
		return Duration.between(issuedAt, expiresAt);
	}

	/** How long it stays valid from {@code now}; negative once expired. */
	public Duration remainingAt(Instant now) {
		return Duration.between(now, expiresAt);
	}

	/** Whether it still has at least {@code minValidity} left at {@code now}. */
	public boolean isUsableFor(Duration minValidity, Instant now) {
		return remainingAt(now).compareTo(minValidity) >= 0;
	}

	/** How long ago it was issued, at {@code now} (never negative). */
	public Duration ageAt(Instant now) {
		Duration age = Duration.between(issuedAt, now);
		return age.isNegative() ? Duration.ZERO : age;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Credential that && key.equals(that.key)
				&& issuedAt.equals(that.issuedAt) && expiresAt.equals(that.expiresAt)
				&& java.util.Arrays.equals(body, that.body));
	}

	@Override
	public int hashCode() {
		return key.hashCode() * 31 + issuedAt.hashCode();
	}

	@Override
	public String toString() {
		// the body holds a secret (PlayAuth or signed URLs): never print it
		return "Credential[" + key + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + ", " + body.length + " bytes]";
	}
}
