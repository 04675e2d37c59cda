package dev.playgate.gateway.local;

import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.EpochNanos;

/**
 * A credential as the local tier holds it: its refresh point, computed once when it is stored rather than on every
 * hit, and the time its last refresh-ahead failed (so it is served as {@code STALE} and not refreshed again at once).
 * Both are epoch nanos ({@link EpochNanos}) held in the entry itself, so a hit reads no object of their own.
 *
 * @param refreshAtNanos from when a read triggers a refresh-ahead
 * @param refreshFailedAtNanos when the last refresh-ahead failed, or {@link #NEVER}
 */
record LocalEntry(Credential credential, long refreshAtNanos, long refreshFailedAtNanos) {

	/** {@code refreshFailedAtNanos} of an entry whose refresh has not failed. */
	static final long NEVER = Long.MIN_VALUE;

	/**
	 * Bytes counted for an entry beyond its body: key, futures, node and timestamps. With twice the key's text length
	 * it is at least what an entry was measured to take (LocalTierHeapTest), so the heap stays within max-size.
	 */
	private static final int OVERHEAD_BYTES = 256;

	static LocalEntry of(Credential credential, RefreshSchedule schedule) {
		return new LocalEntry(credential, EpochNanos.of(schedule.refreshPoint(credential)), NEVER);
	}

	LocalEntry refreshFailed(long atNanos) {
		return new LocalEntry(credential, refreshAtNanos, atNanos);
	}

	boolean isDueForRefresh(long nowNanos) {
		return nowNanos >= refreshAtNanos;
	}

	boolean hasRefreshFailed() {
		return refreshFailedAtNanos != NEVER;
	}

	int weight() {
		return credential.body().length + 2 * credential.key().canonicalLength() + OVERHEAD_BYTES;
	}
}
