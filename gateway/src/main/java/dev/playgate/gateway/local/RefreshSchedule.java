package dev.playgate.gateway.local;

import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.credential.Credential;

/**
 * When a credential comes due for refresh-ahead: at {@code refreshAt} of its own lifetime, moved earlier by a jitter
 * derived from the entry itself. The jitter is deterministic (the same entry comes due at the same instant on every
 * replica that holds it) yet spreads entries that were issued together.
 */
public final class RefreshSchedule {

	private final double refreshAt;
	private final double refreshJitter;

	private RefreshSchedule(double refreshAt, double refreshJitter) {
		this.refreshAt = refreshAt;
		this.refreshJitter = refreshJitter;
	}

	/** A schedule from the cache settings. */
	public static RefreshSchedule from(CacheProperties properties) {
		return of(properties.refreshAt(), properties.refreshJitter());
	}

	/** A schedule refreshing at {@code refreshAt} of the lifetime, up to {@code refreshJitter} of it earlier. */
	public static RefreshSchedule of(double refreshAt, double refreshJitter) {
		return new RefreshSchedule(refreshAt, refreshJitter);
	}

	/** The instant from which a read of {@code credential} should trigger a refresh. */
	public Instant refreshPoint(Credential credential) {
		long lifetimeMillis = credential.lifetime().toMillis();
		double fraction = refreshAt - refreshJitter * unitJitter(credential);
		return credential.issuedAt().plusMillis((long) (lifetimeMillis * fraction));
	}

	/** Whether {@code credential} is due for refresh at {@code now}. */
	public boolean isDue(Credential credential, Instant now) {
		return !now.isBefore(refreshPoint(credential));
	}

	/**
	 * The least remaining validity a refreshed credential must have: more than any entry of the same lifetime that is
	 * due has left. A refresh asks the next tier with this, so a credential another replica already refreshed
	 * satisfies it while the due entry itself never does.
	 */
	public Duration refreshedValidity(Credential credential) {
		double dueRemaining = 1 - refreshAt + refreshJitter;
		return Duration.ofMillis((long) (credential.lifetime().toMillis() * dueRemaining)).plusSeconds(1);
	}

	private static double unitJitter(Credential credential) {
		long mixed = credential.key().hashCode() * 0x9E3779B97F4A7C15L ^ credential.issuedAt().toEpochMilli();
		mixed ^= mixed >>> 33;
		mixed *= 0xFF51AFD7ED558CCDL;
		mixed ^= mixed >>> 33;
		return (mixed >>> 11) * 0x1.0p-53;
	}
}
