package dev.playgate.gateway.events;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Remembers the callbacks accepted within the time window, so a replay changes nothing more than the first delivery
 * did. VOD signs the URL and the timestamp, not the body, and several events sent in one second carry the same
 * signature: a delivery is therefore identified by its timestamp, its signature and a digest of its body. An identical
 * replay is ignored; a captured signature with another body is indistinguishable from VOD's next event of that second
 * and is acted on, which can only make the gateway ask VOD again about a video (the safe reaction to any event).
 */
final class ReplayGuard {

	/** Most deliveries remembered; beyond it the oldest are forgotten first. */
	static final long CAPACITY = 200_000;

	private final Cache<String, Boolean> seen;

	ReplayGuard(EventsProperties properties, Ticker ticker) {
		this.seen = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(properties.maxAge().plus(properties.clockSkew()).plusSeconds(1))
			.maximumSize(CAPACITY)
			.build();
	}

	/** Records the delivery; whether it is the first one within the window. */
	boolean isFirst(String timestamp, String signature, byte[] body) {
		String delivery = timestamp + ':' + signature.toLowerCase(java.util.Locale.ROOT) + ':' + digest(body);
		return seen.asMap().putIfAbsent(delivery, Boolean.TRUE) == null;
	}

	private static String digest(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides SHA-256", ex);
		}
	}
}
