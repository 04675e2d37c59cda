package dev.playgate.gateway.credential;

/** VOD does not know the video (InvalidVideo.NotFound). */
public final class VideoNotFoundException extends VideoUnavailableException {

	/** Creates the refusal with a client-safe message. */
	public VideoNotFoundException(String message) {
		super(message);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.VIDEO_NOT_FOUND;
	}
}
