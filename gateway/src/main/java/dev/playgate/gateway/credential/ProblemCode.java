package dev.playgate.gateway.credential;

/**
 * The stable {@code code} of every problem answer, by the condition it names. How a code is sent (its HTTP status,
 * title and type URI) is the public API's business, kept with the problem document's encoder.
 */
public enum ProblemCode {
	/** The video id is not 32 characters of {@code [0-9a-zA-Z]}. */
	INVALID_VIDEO_ID,
	/** A query parameter or the request body is malformed or out of range. */
	INVALID_PARAMETER,
	/** The caller did not present a valid API key or token. */
	UNAUTHENTICATED,
	/** The caller's token does not list this video in its video claim. */
	VIDEO_NOT_ALLOWED,
	/** A VOD event callback whose signature, or timestamp, is not VOD's within the accepted window. */
	CALLBACK_REFUSED,
	/** VOD refuses to play this video (status not Normal, or only Alibaba-encrypted streams). */
	VIDEO_NOT_PLAYABLE,
	/** VOD does not know this video. */
	VIDEO_NOT_FOUND,
	/** The video has no stream matching the requested formats, definitions and stream types. */
	NO_STREAM,
	/** No such route. */
	NOT_FOUND,
	/** The request cannot be read as HTTP/1.x: malformed, an unsupported version, a missing or repeated Host. */
	BAD_REQUEST,
	/** The request line is longer than the gateway reads. */
	URI_TOO_LONG,
	/** The request's header section is larger than the gateway reads. */
	HEADERS_TOO_LARGE,
	/** The request's head or body did not arrive within the edge's read timeouts ({@code playgate.edge.*-timeout}). */
	REQUEST_TIMEOUT,
	/** The route exists but not for this method. */
	METHOD_NOT_ALLOWED,
	/** The request body is not JSON. */
	UNSUPPORTED_MEDIA_TYPE,
	/** This client sent more requests than its quota allows. */
	CLIENT_RATE_LIMITED,
	/** An unexpected failure inside the gateway. */
	INTERNAL_ERROR,
	/** VOD rejected the gateway's own credentials or signature: an operator problem. */
	UPSTREAM_MISCONFIGURED,
	/** The upstream budget, breaker or VOD throttling stops the call, and nothing valid is cached. */
	UPSTREAM_BUSY,
	/** VOD did not answer in time. */
	UPSTREAM_TIMEOUT
}
