package dev.playgate.gateway.events;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a callback comes from VOD: its {@code X-VOD-SIGNATURE} must be VOD's signature of its
 * {@code X-VOD-TIMESTAMP} with the current or the previous auth key, and the timestamp must be within
 * {@code max-age} in the past and {@code clock-skew} in the future. Only headers are read: a forged callback is refused
 * before its body is.
 */
final class CallbackVerifier {

	/** Why a callback is refused, or that it is not. */
	enum Verdict {
		/** Signed by VOD within the window. */
		AUTHENTIC,
		/** A header is missing. */
		MISSING,
		/** A header is not what VOD sends (10-digit seconds, 32 hex characters). */
		MALFORMED,
		/** The signature is not VOD's with any configured key. */
		FORGED,
		/** The timestamp is older than {@code max-age}. */
		STALE,
		/** The timestamp is further in the future than {@code clock-skew}. */
		FUTURE
	}

	private final EventsProperties properties;
	private final Clock clock;

	CallbackVerifier(EventsProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	Verdict verify(@Nullable String timestamp, @Nullable String signature) {
		if (timestamp == null || signature == null) {
			return Verdict.MISSING;
		}
		if (!isDigits(timestamp, 1, 12) || !isHex(signature)) {
			return Verdict.MALFORMED;
		}
		if (!isSigned(timestamp, signature)) {
			return Verdict.FORGED;
		}
		Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
		Instant now = clock.instant();
		if (sent.isBefore(now.minus(properties.maxAge()))) {
			return Verdict.STALE;
		}
		if (sent.isAfter(now.plus(properties.clockSkew()))) {
			return Verdict.FUTURE;
		}
		return Verdict.AUTHENTIC;
	}

	private boolean isSigned(String timestamp, String signature) {
		String url = properties.callbackUrl();
		boolean current = CallbackSignature.matches(signature, url, timestamp, properties.authKey());
		String previous = properties.previousAuthKey();
		// both keys are always compared, so timing does not tell which one matched
		boolean old = !previous.isEmpty() && CallbackSignature.matches(signature, url, timestamp, previous);
		return current | old;
	}

	private static boolean isDigits(String text, int min, int max) {
		if (text.length() < min || text.length() > max) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean isHex(String text) {
		if (text.length() != 32) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = Character.toLowerCase(text.charAt(i));
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}
}
