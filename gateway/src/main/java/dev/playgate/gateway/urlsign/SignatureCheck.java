package dev.playgate.gateway.urlsign;

/** What checking a signed URL with the configured key found. */
public enum SignatureCheck {
	/** The URL carries a signature of the configured type, and the configured key produced it. */
	VERIFIED,
	/** The URL carries a signature of the configured type that the configured key did not produce. */
	MISMATCH,
	/** The URL carries no signature of the configured type (signing off on the domain, or another type). */
	UNSIGNED
}
