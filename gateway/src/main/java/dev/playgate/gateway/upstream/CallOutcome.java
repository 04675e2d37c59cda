package dev.playgate.gateway.upstream;

import java.util.Locale;

/** How one SDK call to VOD ended; the {@code outcome} tag of {@code playgate.upstream.calls}. */
enum CallOutcome {
	/** VOD answered with a credential. */
	OK,
	/** InvalidVideo.NotFound. */
	NOT_FOUND,
	/** InvalidVideo.NoneStream. */
	NO_STREAM,
	/** Forbidden.IllegalStatus or Forbidden.AliyunVoDEncryption. */
	NOT_PLAYABLE,
	/** Throttling, Throttling.User, Throttling.Api... */
	THROTTLED,
	/** SDK.ReadTimeout. */
	TIMEOUT,
	/** HTTP 5xx, unreachable, malformed answer, or an error code the gateway does not know. */
	ERROR,
	/** VOD rejected the gateway's AccessKey, token, signature or account. */
	MISCONFIGURED;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** The metric tag value. */
	String tag() {
		return tag;
	}
}
