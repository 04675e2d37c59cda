package dev.playgate.gateway.credential;

import java.util.List;

/**
 * Something in this process that holds state for a video (cached credentials, remembered negative answers, a stream
 * catalogue) and can drop all of it at once. Catalogue events and the operator's purge reach every such holder on
 * every replica; the fleet-wide fan-out is not this interface's job.
 *
 * <p>
 * A holder whose fills can be in flight while a purge runs must not let such a fill put back what the purge dropped:
 * {@code dev.playgate.gateway.purge.VideoGenerations} is the fence for that (stamp before reading the source, store,
 * then check the stamp and undo the store when it is stale).
 */
public interface VideoPurgeable {

	/** Drops everything this holder keeps for the video in this process; cheap, non-blocking, idempotent. */
	void purge(VideoId videoId);

	/**
	 * Drops everything this holder keeps for every video: the replica missed invalidations (it fell behind the
	 * fleet's purge stream, or the stream was reset) and can no longer tell which of its entries are still true.
	 */
	void purgeAll();

	/** What this holder keeps for the video now, for the operator; never a PlayAuth or a URL. Nothing by default. */
	default List<CachedEntry> entries(VideoId videoId) {
		return List.of();
	}
}
