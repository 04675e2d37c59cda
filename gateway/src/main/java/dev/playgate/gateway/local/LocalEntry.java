package dev.playgate.gateway.local;

import java.time.Instant;

import dev.playgate.gateway.credential.Credential;
import org.jspecify.annotations.Nullable;

/**
 * A credential as the local tier holds it: its refresh point, computed once when it is stored rather than on every
 * hit, and the time its last refresh-ahead failed (so it is served as {@code STALE} and not refreshed again at once).
 */
record LocalEntry(Credential credential, Instant refreshAt, @Nullable Instant refreshFailedAt) {

	/**
	 * Bytes counted for an entry beyond its body: key, futures, node and timestamps. With twice the key's text length
	 * it is at least what an entry was measured to take (LocalTierHeapTest), so the heap stays within max-size.
	 */
	private static final int OVERHEAD_BYTES = 256;

	static LocalEntry of(Credential credential, RefreshSchedule schedule) {
		return new LocalEntry(credential, schedule.refreshPoint(credential), null);
	}

	LocalEntry refreshFailed(Instant at) {
		return new LocalEntry(credential, refreshAt, at);
	}

	boolean isDueForRefresh(Instant now) {
		return !now.isBefore(refreshAt);
	}

	boolean hasRefreshFailed() {
		return refreshFailedAt != null;
	}

	int weight() {
		return credential.body().length + 2 * credential.key().canonicalLength() + OVERHEAD_BYTES;
	}
}
