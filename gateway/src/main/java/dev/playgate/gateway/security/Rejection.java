package dev.playgate.gateway.security;

/** Why a gate refused a request: the {@code reason} tag of {@code playgate.security.rejections}. */
enum Rejection {

	/** No API key in {@code X-Api-Key} nor {@code Authorization: ApiKey}. */
	MISSING_KEY("missing", "an API key is required (X-Api-Key header)"),
	/** An API key that matches none configured. */
	INVALID_KEY("invalid-key", "the API key is not valid"),
	/** No bearer token. */
	MISSING_TOKEN("missing", "a bearer token is required"),
	/** Not a signed JWT, an unexpected algorithm, or unreadable claims. */
	MALFORMED_TOKEN("malformed", "the token is malformed"),
	/** A {@code kid} the key set does not hold (or no longer holds). */
	UNKNOWN_KEY("unknown-key", "the token signing key is not trusted"),
	/** The signature does not verify with the configured key. */
	BAD_SIGNATURE("signature", "the token signature is not valid"),
	/** Past {@code exp} (plus the clock skew), or no {@code exp} at all. */
	EXPIRED("expired", "the token has expired or has no expiry"),
	/** Before {@code nbf} (minus the clock skew). */
	NOT_YET_VALID("not-yet-valid", "the token is not yet valid"),
	/** An {@code iss} other than the configured issuer. */
	WRONG_ISSUER("issuer", "the token issuer is not accepted"),
	/** No {@code aud} naming the configured audience. */
	WRONG_AUDIENCE("audience", "the token audience is not accepted"),
	/** No {@code sub} to identify the caller by. */
	NO_SUBJECT("subject", "the token has no subject"),
	/** The caller's request quota is spent. */
	RATE_LIMITED("rate-limited", "too many requests from this client");

	private final String tag;
	private final String message;

	Rejection(String tag, String message) {
		this.tag = tag;
		this.message = message;
	}

	/** The metric tag value. */
	String tag() {
		return tag;
	}

	/** The client-safe message. */
	String message() {
		return message;
	}
}
