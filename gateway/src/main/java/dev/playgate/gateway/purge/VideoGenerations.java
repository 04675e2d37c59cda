package dev.playgate.gateway.purge;

import java.util.concurrent.atomic.AtomicLongArray;

import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.VideoId;

/**
 * The fence that keeps a fill in flight during a purge from putting the purged video back: a generation per video
 * that every purge of the video advances, in this process.
 *
 * <p>
 * How a holder of per-video state uses it (the local tier, the negative cache, a catalogue):
 * <ol>
 * <li>take a {@link #stamp} of the video <em>before</em> reading the source (the next tier, VOD);</li>
 * <li>store what the source answered where readers find it;</li>
 * <li>then ask {@link #isCurrent}: if a purge advanced the video since the stamp, undo the store (a conditional
 * remove of exactly what was stored).</li>
 * </ol>
 * A purge first {@link #advance advances} the generation, then removes the video's entries. Whatever order the two
 * sides interleave in, the stale answer does not survive: a store that happens after the purge's removal is seen as
 * stale by the check that follows it, and a store that happens before the removal is removed by it. Checking before
 * storing would not do: the purge could run between the check and the store.
 *
 * <p>
 * Generations are striped, not kept per video, so memory stays fixed however many videos are purged: videos that
 * share a stripe also share its advances, which only turns an unlucky fill into one that is not kept (the next
 * request asks again); it never lets a stale one through. {@link #advanceAll} invalidates every fill in flight, for a
 * replica that drops its whole local state.
 */
public final class VideoGenerations {

	/** Stripes: a power of two; 32 KiB of counters. */
	static final int STRIPES = 4096;

	private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

	/** The video's generation now, to be checked once what was read from the source is stored. */
	public Stamp stamp(VideoId videoId) {
		int stripe = stripeOf(videoId);
		return new Stamp(stripe, stripes.get(stripe));
	}

	/** The generation of the key's video now; the same as {@code stamp(key.videoId())}, without reading the id. */
	public Stamp stamp(CredentialKey key) {
		int stripe = stripeOf(key.videoIdHash());
		return new Stamp(stripe, stripes.get(stripe));
	}

	/** Whether no purge of the stamped video (nor of all videos) has happened since the stamp was taken. */
	public boolean isCurrent(Stamp stamp) {
		return stripes.get(stamp.stripe) == stamp.generation;
	}

	/** Advances the video's generation: every earlier stamp of it is stale from now on. */
	public void advance(VideoId videoId) {
		stripes.incrementAndGet(stripeOf(videoId));
	}

	/** Advances every video's generation. */
	public void advanceAll() {
		for (int i = 0; i < STRIPES; i++) {
			stripes.incrementAndGet(i);
		}
	}

	private static int stripeOf(VideoId videoId) {
		return stripeOf(videoId.value().hashCode());
	}

	private static int stripeOf(int hash) {
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/** A video's generation at one instant; opaque to its holder. */
	public static final class Stamp {

		private final int stripe;
		private final long generation;

		private Stamp(int stripe, long generation) {
			this.stripe = stripe;
			this.generation = generation;
		}

		@Override
		public String toString() {
			return "Stamp[" + stripe + "@" + generation + "]";
		}
	}
}
