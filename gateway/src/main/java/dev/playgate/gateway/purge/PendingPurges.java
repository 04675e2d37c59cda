package dev.playgate.gateway.purge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import dev.playgate.gateway.credential.VideoId;

/**
 * Purges this replica applied locally but could not publish (Redis did not answer), in order, each video once. Past
 * {@code capacity} it stops remembering videos and remembers instead that the fleet must drop everything.
 */
final class PendingPurges {

	private final int capacity;
	private final LinkedHashSet<VideoId> videos = new LinkedHashSet<>();
	private boolean overflowed;

	PendingPurges(int capacity) {
		this.capacity = capacity;
	}

	synchronized void add(VideoId videoId) {
		if (overflowed || videos.contains(videoId)) {
			return;
		}
		if (videos.size() >= capacity) {
			videos.clear();
			overflowed = true;
			return;
		}
		videos.add(videoId);
	}

	/** What to publish now: {@code null} first when the fleet must drop everything, then the videos in order. */
	synchronized List<Pending> snapshot() {
		List<Pending> out = new ArrayList<>(videos.size() + 1);
		if (overflowed) {
			out.add(new Pending(null));
		}
		videos.forEach(video -> out.add(new Pending(video)));
		return out;
	}

	/** Forgets one published entry. */
	synchronized void published(Pending pending) {
		if (pending.videoId() == null) {
			overflowed = false;
		}
		else {
			videos.remove(pending.videoId());
		}
	}

	synchronized int size() {
		return videos.size() + (overflowed ? 1 : 0);
	}

	/** One purge to publish: a video, or everything ({@code null}). */
	record Pending(@org.jspecify.annotations.Nullable VideoId videoId) {
	}
}
