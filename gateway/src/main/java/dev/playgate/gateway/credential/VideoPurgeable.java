package dev.playgate.gateway.credential;

/**
 * Something in this process that holds state for a video (cached credentials, remembered negative answers, a stream
 * catalogue) and can drop all of it at once. Catalogue events and the operator's purge reach every such holder on
 * every replica; the fleet-wide fan-out is not this interface's job.
 */
@FunctionalInterface
public interface VideoPurgeable {

	/** Drops everything this holder keeps for the video in this process; cheap, non-blocking, idempotent. */
	void purge(VideoId videoId);
}
