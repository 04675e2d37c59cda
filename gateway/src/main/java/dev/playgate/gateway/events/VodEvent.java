package dev.playgate.gateway.events;

import java.util.Set;

import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One VOD event notification, read only as far as playgate needs: its {@code EventType} and the video it names.
 * VOD names the video {@code VideoId} in transcoding events and {@code MediaId} in others; either is accepted.
 *
 * @param type the {@code EventType}, as sent
 * @param videoId the video named, or {@code null} when the body names none (or not a well-formed one)
 */
record VodEvent(String type, @Nullable VideoId videoId) {

	/** The events after which what a player may get for the video has changed: each purges it. */
	static final Set<String> PURGING = Set.of("CreateAuditComplete", "DeleteMediaComplete", "TranscodeComplete",
			"StreamTranscodeComplete", "MediaBaseChangeComplete");

	/** Every event type VOD documents; any other type is counted as {@code other}. */
	static final Set<String> KNOWN = Set.of("FileUploadComplete", "ImageUploadComplete", "StreamTranscodeComplete",
			"TranscodeComplete", "SnapshotComplete", "DynamicImageComplete", "AddLiveRecordVideoComplete",
			"LiveRecordVideoComposeStart", "UploadByURLComplete", "CreateAuditComplete", "VideoAnalysisComplete",
			"AttachedMediaUploadComplete", "ProduceMediaComplete", "DeleteMediaComplete", "MediaBaseChangeComplete");

	/** Reads a callback body; throws {@link MalformedEventException} when it is not a JSON object with a type. */
	static VodEvent parse(JsonMapper json, byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException malformed) {
			throw new MalformedEventException("the body is not JSON");
		}
		if (root == null || !root.isObject() || !root.path("EventType").isString()) {
			throw new MalformedEventException("the body must be a JSON object with an EventType");
		}
		return new VodEvent(root.get("EventType").asString(), videoOf(root));
	}

	private static @Nullable VideoId videoOf(JsonNode root) {
		for (String field : new String[] { "VideoId", "MediaId" }) {
			JsonNode id = root.get(field);
			if (id != null && id.isString() && VideoId.isWellFormed(id.asString())) {
				return new VideoId(id.asString());
			}
		}
		return null;
	}

	/** Whether the event changes what a player may get for its video. */
	boolean isPurging() {
		return PURGING.contains(type);
	}

	/** The metric tag of the type: the type itself when VOD documents it, else {@code other}. */
	String typeTag() {
		return KNOWN.contains(type) ? type : "other";
	}

	/** A body that is not an event. */
	static final class MalformedEventException extends RuntimeException {

		MalformedEventException(String message) {
			super(message, null, false, false);
		}
	}
}
