package dev.playgate.gateway.local;

import java.util.concurrent.CompletableFuture;

import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.EpochNanos;

/**
 * A credential as the local tier holds it: its refresh point, computed once when it is stored rather than on every
 * hit, and the time its last refresh-ahead failed (so it is served as {@code STALE} and not refreshed again at once).
 * Both are epoch nanos ({@link EpochNanos}) held in the entry itself, so a hit reads no object of their own.
 *
 * <p>
 * An entry is its own completed future. The cache holds futures (a load in flight is one, and requests for its key
 * wait on it); once a load is done, the entry itself takes its future's place, so a hit over many keys reads the
 * cache's node, this object and the body, and no future in between: one dependent memory read fewer for every hit
 * whose entry is not in the processor's caches, and one object fewer per entry. Completed once, in the constructor,
 * with itself; nothing else completes it.
 *
 * <p>
 * For the same reason the entry holds the credential's parts (its key, body and times) rather than the credential:
 * {@link #credential()} puts them together again, an allocation on the reading thread (cheap, and often none once
 * compiled) instead of a read of an object of its own that is, over many keys, in no cache (one dependent memory read
 * fewer per hit, and 17 bytes fewer per entry as measured: docs/performance.md, "Keys").
 */
final class LocalEntry extends CompletableFuture<LocalEntry> {

	/** {@code refreshFailedAtNanos} of an entry whose refresh has not failed. */
	static final long NEVER = Long.MIN_VALUE;

	/**
	 * Bytes counted for an entry beyond its body: key, node and timestamps. With twice the key's text length it is at
	 * least what an entry was measured to take (LocalTierHeapTest), so the heap stays within max-size.
	 */
	private static final int OVERHEAD_BYTES = 256;

	private final CredentialKey key;
	private final byte[] body;
	private final long issuedAtNanos;
	private final long expiresAtNanos;
	private final long refreshAtNanos;
	private final long refreshFailedAtNanos;

	/**
	 * @param refreshAtNanos from when a read triggers a refresh-ahead
	 * @param refreshFailedAtNanos when the last refresh-ahead failed, or {@link #NEVER}
	 */
	private LocalEntry(Credential credential, long refreshAtNanos, long refreshFailedAtNanos) {
		this.key = credential.key();
		this.body = credential.body();
		this.issuedAtNanos = credential.issuedAtNanos();
		this.expiresAtNanos = credential.expiresAtNanos();
		this.refreshAtNanos = refreshAtNanos;
		this.refreshFailedAtNanos = refreshFailedAtNanos;
		complete(this);
	}

	static LocalEntry of(Credential credential, RefreshSchedule schedule) {
		return new LocalEntry(credential, EpochNanos.of(schedule.refreshPoint(credential)), NEVER);
	}

	/** The credential held, put together from its parts: equal to the one stored (same key and body arrays). */
	Credential credential() {
		return new Credential(key, body, issuedAtNanos, expiresAtNanos);
	}

	long refreshFailedAtNanos() {
		return refreshFailedAtNanos;
	}

	LocalEntry refreshFailed(long atNanos) {
		return new LocalEntry(credential(), refreshAtNanos, atNanos);
	}

	boolean isDueForRefresh(long nowNanos) {
		return nowNanos >= refreshAtNanos;
	}

	boolean hasRefreshFailed() {
		return refreshFailedAtNanos != NEVER;
	}

	int weight() {
		return body.length + 2 * key.canonicalLength() + OVERHEAD_BYTES;
	}

	@Override
	public String toString() {
		return "LocalEntry[" + credential() + ", refreshAt=" + EpochNanos.toInstant(refreshAtNanos)
				+ (hasRefreshFailed() ? ", refresh failed at " + EpochNanos.toInstant(refreshFailedAtNanos) : "") + "]";
	}
}
