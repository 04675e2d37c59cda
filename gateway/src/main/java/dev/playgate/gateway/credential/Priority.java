package dev.playgate.gateway.credential;

/** Who is waiting for an upstream call; user-facing misses are served before refreshes. */
public enum Priority {
	/** A player is waiting for this answer. */
	USER,
	/** A background refresh-ahead of an entry that is still valid; uses spare budget only. */
	REFRESH
}
