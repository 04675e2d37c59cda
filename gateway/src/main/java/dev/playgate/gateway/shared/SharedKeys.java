package dev.playgate.gateway.shared;

import dev.playgate.gateway.credential.CredentialKey;
import org.jspecify.annotations.Nullable;

/**
 * The Redis names of one credential key. The canonical key is the hash tag, so the entry, its lease and its channel
 * live in one Redis Cluster slot and one script can touch them together: {@code playgate:{play-auth:<id>?...}:entry},
 * {@code ...:lease}, and the channel {@code ...:filled}.
 */
final class SharedKeys {

	private static final String ENTRY = "}:entry";
	private static final String LEASE = "}:lease";
	private static final String FILLED = "}:filled";

	private final String start;

	SharedKeys(String prefix) {
		this.start = prefix + ":{";
	}

	String entry(CredentialKey key) {
		return start + key.canonical() + ENTRY;
	}

	String lease(CredentialKey key) {
		return start + key.canonical() + LEASE;
	}

	String channel(CredentialKey key) {
		return start + key.canonical() + FILLED;
	}

	/** The one pattern every replica subscribes to at start-up: all fill channels. */
	String channelPattern() {
		return start + "*" + FILLED;
	}

	/** The canonical credential key a fill channel belongs to, or {@code null} for any other channel. */
	@Nullable
	String canonicalOf(String channel) {
		boolean fill = channel.startsWith(start) && channel.endsWith(FILLED);
		if (!fill || channel.length() <= start.length() + FILLED.length()) {
			return null;
		}
		return channel.substring(start.length(), channel.length() - FILLED.length());
	}
}
