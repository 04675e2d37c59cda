package dev.playgate.gateway.credential;

/** The stable {@code code} of every problem answer, with the HTTP status it is sent with. */
public enum ProblemCode {
	/** The video id is not 32 characters of {@code [0-9a-zA-Z]}. */
	INVALID_VIDEO_ID(400, "Invalid video id"),
	/** A query parameter or the request body is malformed or out of range. */
	INVALID_PARAMETER(400, "Invalid parameter"),
	/** The caller did not present a valid API key or token. */
	UNAUTHENTICATED(401, "Unauthenticated"),
	/** A VOD event callback whose signature, or timestamp, is not VOD's within the accepted window. */
	CALLBACK_REFUSED(403, "Callback refused"),
	/** VOD refuses to play this video (status not Normal, or only Alibaba-encrypted streams). */
	VIDEO_NOT_PLAYABLE(403, "Video not playable"),
	/** VOD does not know this video. */
	VIDEO_NOT_FOUND(404, "Video not found"),
	/** The video has no stream matching the requested formats, definitions and stream types. */
	NO_STREAM(404, "No stream"),
	/** No such route. */
	NOT_FOUND(404, "Not found"),
	/** The route exists but not for this method. */
	METHOD_NOT_ALLOWED(405, "Method not allowed"),
	/** The request body is not JSON. */
	UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
	/** This client sent more requests than its quota allows. */
	CLIENT_RATE_LIMITED(429, "Client rate limited"),
	/** An unexpected failure inside the gateway. */
	INTERNAL_ERROR(500, "Internal error"),
	/** VOD rejected the gateway's own credentials or signature: an operator problem. */
	UPSTREAM_MISCONFIGURED(502, "Upstream misconfigured"),
	/** The upstream budget, breaker or VOD throttling stops the call, and nothing valid is cached. */
	UPSTREAM_BUSY(503, "Upstream busy"),
	/** VOD did not answer in time. */
	UPSTREAM_TIMEOUT(504, "Upstream timeout");

	private final int status;
	private final String title;

	ProblemCode(int status, String title) {
		this.status = status;
		this.title = title;
	}

	/** The HTTP status sent with this problem. */
	public int status() {
		return status;
	}

	/** A short human-readable summary, the same for every occurrence. */
	public String title() {
		return title;
	}

	/** The problem type URI, relative so it resolves against the gateway's own documentation. */
	public String type() {
		return "/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}
}
