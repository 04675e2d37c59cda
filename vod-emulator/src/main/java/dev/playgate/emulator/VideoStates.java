package dev.playgate.emulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What has happened to videos since the emulator started, on top of the deterministic {@link Catalogue}: a review
 * result (status {@code Normal} or {@code Blocked}, or any other VOD status), a deletion, streams added to a video that
 * had none (a transcode finished), a new title. {@link #apply} turns a catalogue video into its current state.
 */
final class VideoStates {

	/** The statuses VOD reports; only {@code Normal} is playable. */
	static final Set<String> STATUSES = Set.of("Uploading", "UploadFail", "UploadSucc", "Transcoding", "TranscodeFail",
			"Checking", "Blocked", "Normal", "ProduceFail");

	private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

	/** One video's changes; {@code null} fields keep the catalogue's value. */
	record State(@Nullable String status, boolean deleted, boolean streamsAdded, @Nullable String title) {

		static final State NONE = new State(null, false, false, null);
	}

	void status(String id, String status) {
		if (!STATUSES.contains(status)) {
			throw new IllegalArgumentException("status must be one of " + STATUSES + ": " + status);
		}
		states.merge(id, new State(status, false, false, null), (old, now) -> new State(status, old.deleted(),
				old.streamsAdded(), old.title()));
	}

	void delete(String id) {
		states.merge(id, new State(null, true, false, null),
				(old, now) -> new State(old.status(), true, old.streamsAdded(), old.title()));
	}

	void addStreams(String id) {
		states.merge(id, new State(null, false, true, null),
				(old, now) -> new State(old.status(), old.deleted(), true, old.title()));
	}

	void title(String id, String title) {
		states.merge(id, new State(null, false, false, title),
				(old, now) -> new State(old.status(), old.deleted(), old.streamsAdded(), title));
	}

	State of(String id) {
		return states.getOrDefault(id, State.NONE);
	}

	boolean isDeleted(String id) {
		return of(id).deleted();
	}

	/** Whether the video was given streams after the catalogue made it without any. */
	boolean hasStreamsAdded(String id) {
		return of(id).streamsAdded();
	}

	/** The video as it is now. */
	Video apply(Video video) {
		State state = states.get(video.id());
		if (state == null) {
			return video;
		}
		return new Video(video.id(), state.title() == null ? video.title() : state.title(), video.duration(),
				state.status() == null ? video.status() : state.status(), video.creationTime(), video.size(),
				video.cateId(), video.streams());
	}

	void clear() {
		states.clear();
	}
}
