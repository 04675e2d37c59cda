package dev.playgate.gateway.credential;

/**
 * VOD answered definitively that this video cannot be served as asked. Unlike throttling, timeouts or auth errors,
 * such answers are worth caching briefly (negative caching).
 */
public abstract sealed class VideoUnavailableException extends CredentialException
		permits VideoNotFoundException, NoStreamException, VideoNotPlayableException {

	/** Creates the refusal with a client-safe message. */
	protected VideoUnavailableException(String message) {
		super(message, null);
	}
}
