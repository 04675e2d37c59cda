package dev.playgate.gateway.credential;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * One upstream result, ready to hand out: the public JSON answer already encoded (so a cache hit writes bytes and
 * serialises nothing), when the upstream call started, and the conservative instant it stops working.
 *
 * <p>
 * The two instants are held as {@link EpochNanos} (exact, nanosecond for nanosecond), so a cache hit that checks the
 * validity and writes {@code Age} and {@code max-age} reads this object and its body and nothing else;
 * {@link #issuedAt()} and {@link #expiresAt()} give them as {@link Instant}s off the hot path.
 *
 * @param key what this credential answers
 * @param body the UTF-8 JSON body of the public answer, including {@code expiresAt}; never modified after creation
 * @param issuedAtNanos when the upstream call that produced it started (the origin of {@code Age}), in epoch nanos
 * @param expiresAtNanos issue time plus the requested timeout minus the clock-skew margin, in epoch nanos
 */
public record Credential(CredentialKey key, byte[] body, long issuedAtNanos, long expiresAtNanos) {

	/** Checks that the credential is coherent. */
	public Credential {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(body, "body must not be null");
		if (expiresAtNanos <= issuedAtNanos) {
			throw new IllegalArgumentException("expiresAt must be after issuedAt: "
					+ EpochNanos.toInstant(expiresAtNanos) + " <= " + EpochNanos.toInstant(issuedAtNanos));
		}
	}

	/**
	 * The conservative end of a validity that starts at {@code start} and lasts {@code timeout}: start + timeout - the
	 * clock-skew margin, truncated to whole seconds. The margin never takes more than half of a short lifetime (less
	 * one second), so every credential stays valid for at least a moment. Upstream mode and local signing share it,
	 * so both promise the same.
	 */
	public static Instant conservativeExpiry(Instant start, Duration timeout, Duration clockSkew) {
		Duration halfLifetime = timeout.minusSeconds(1).dividedBy(2);
		Duration skew = clockSkew.compareTo(halfLifetime) <= 0 ? clockSkew : halfLifetime;
		return start.plus(timeout).minus(skew).truncatedTo(ChronoUnit.SECONDS);
	}

	/** A credential issued at {@code issuedAt} that stops working at {@code expiresAt}. */
	public Credential(CredentialKey key, byte[] body, Instant issuedAt, Instant expiresAt) {
		this(key, body, EpochNanos.of(issuedAt), EpochNanos.of(expiresAt));
	}

	/** When the upstream call that produced it started (the origin of {@code Age}). */
	public Instant issuedAt() {
		return EpochNanos.toInstant(issuedAtNanos);
	}

	/** Issue time plus the requested timeout minus the clock-skew margin. */
	public Instant expiresAt() {
		return EpochNanos.toInstant(expiresAtNanos);
	}

	/** How long it was valid for when it was issued. */
	public Duration lifetime() {
		return Duration.ofNanos(expiresAtNanos - issuedAtNanos);
	}

	/** How long it stays valid from {@code now}; negative once expired. */
	public Duration remainingAt(Instant now) {
		return Duration.ofNanos(remainingNanosAt(EpochNanos.of(now)));
	}

	/** How many nanoseconds it stays valid from {@code nowNanos} (epoch nanos); negative once expired. */
	public long remainingNanosAt(long nowNanos) {
		return expiresAtNanos - nowNanos;
	}

	/** Whether it still has at least {@code minValidity} left at {@code now}. */
	public boolean isUsableFor(Duration minValidity, Instant now) {
		return isUsableFor(minValidity, EpochNanos.of(now));
	}

	/** Whether it still has at least {@code minValidity} left at {@code nowNanos} (epoch nanos). */
	public boolean isUsableFor(Duration minValidity, long nowNanos) {
		return remainingNanosAt(nowNanos) >= EpochNanos.saturated(minValidity);
	}

	/** How long ago it was issued, at {@code now} (never negative). */
	public Duration ageAt(Instant now) {
		return Duration.ofNanos(Math.max(0, EpochNanos.of(now) - issuedAtNanos));
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Credential that && key.equals(that.key)
				&& issuedAtNanos == that.issuedAtNanos && expiresAtNanos == that.expiresAtNanos
				&& Arrays.equals(body, that.body));
	}

	@Override
	public int hashCode() {
		return key.hashCode() * 31 + Long.hashCode(issuedAtNanos);
	}

	@Override
	public String toString() {
		// the body holds a secret (PlayAuth or signed URLs): never print it
		return "Credential[" + key + ", issuedAt=" + issuedAt() + ", expiresAt=" + expiresAt() + ", " + body.length
				+ " bytes]";
	}
}
