package dev.playgate.gateway.credential;

/** VOD refuses to play the video (Forbidden.IllegalStatus and similar). */
public final class VideoNotPlayableException extends VideoUnavailableException {

	/** Creates the refusal with a client-safe message. */
	public VideoNotPlayableException(String message) {
		super(message);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.VIDEO_NOT_PLAYABLE;
	}
}
