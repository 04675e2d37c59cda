package dev.playgate.gateway.credential;

/** The caller's token does not list the video it asks for ({@code playgate.security.jwt.video-claim}). */
public final class VideoNotAllowedException extends CredentialException {

	/** Creates the refusal; the message names no token. */
	public VideoNotAllowedException() {
		super("this token may not ask for this video", null);
	}

	@Override
	public ProblemCode code() {
		return ProblemCode.VIDEO_NOT_ALLOWED;
	}
}
