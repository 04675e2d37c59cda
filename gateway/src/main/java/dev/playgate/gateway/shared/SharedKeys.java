package dev.playgate.gateway.shared;

import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;

/**
 * The Redis names of one video's keys. The video id is the hash tag, so every entry, lease and channel of the video,
 * its generation and its index live in one Redis Cluster slot, and one script can check and purge them together:
 * {@code playgate:{<id>}:play-auth:<id>?...:entry}, {@code ...:lease}, the channel {@code ...:filled}, the video's
 * generation {@code playgate:{<id>}:gen} (bumped by every purge; an entry counts only under the generation it was
 * filled in) and its index {@code playgate:{<id>}:keys} (the canonical keys L2 holds for the video).
 */
final class SharedKeys {

	private static final String ENTRY = ":entry";
	private static final String LEASE = ":lease";
	private static final String FILLED = ":filled";
	private static final String GENERATION = "}:gen";
	private static final String INDEX = "}:keys";
	private static final int TAG = VideoId.LENGTH + 2;

	private final String start;

	SharedKeys(String prefix) {
		this.start = prefix + ":{";
	}

	String entry(CredentialKey key) {
		return videoStart(key.videoId()) + key.canonical() + ENTRY;
	}

	String lease(CredentialKey key) {
		return videoStart(key.videoId()) + key.canonical() + LEASE;
	}

	String channel(CredentialKey key) {
		return videoStart(key.videoId()) + key.canonical() + FILLED;
	}

	/** The video's generation counter. */
	String generation(VideoId videoId) {
		return start + videoId.value() + GENERATION;
	}

	/** The set of canonical keys L2 holds entries for. */
	String index(VideoId videoId) {
		return start + videoId.value() + INDEX;
	}

	/** What an index member's entry key starts with: the entry is this, the member, then {@code :entry}. */
	String videoStart(VideoId videoId) {
		return start + videoId.value() + "}:";
	}

	/** The one pattern every replica subscribes to at start-up: all fill channels. */
	String channelPattern() {
		return start + "*" + FILLED;
	}

	/** The canonical credential key a fill channel belongs to, or {@code null} for any other channel. */
	@Nullable
	String canonicalOf(String channel) {
		boolean fill = channel.startsWith(start) && channel.endsWith(FILLED);
		int from = start.length() + TAG;
		if (!fill || channel.length() <= from + FILLED.length() || channel.charAt(from - 2) != '}') {
			return null;
		}
		return channel.substring(from, channel.length() - FILLED.length());
	}
}
