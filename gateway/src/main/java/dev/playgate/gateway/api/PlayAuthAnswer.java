package dev.playgate.gateway.api;

import java.time.Instant;

import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * The answer of {@code GET /v1/videos/{videoId}/play-auth} and of each served batch item:
 * {@code {"videoId","playAuth","expiresAt","videoMeta":{"title","duration","coverUrl","status"},"requestId"}}. Every
 * field is always present, {@code null} when unknown.
 *
 * @param videoId the video the PlayAuth plays
 * @param playAuth the credential for the ApsaraVideo Player (a secret: never logged)
 * @param expiresAt when it stops being handed out, written in whole seconds
 * @param videoMeta what VOD said about the video, or {@code null} (a locally minted PlayAuth knows nothing of it)
 * @param requestId the id of the call that produced it
 */
public record PlayAuthAnswer(VideoId videoId, @Nullable String playAuth, Instant expiresAt,
		@Nullable VideoMeta videoMeta, @Nullable String requestId) {

	/** The encoded answer, UTF-8 JSON. */
	public byte[] encode() {
		return AnswerJson.write(1024, json -> {
			json.writeStartObject();
			json.writeStringProperty("videoId", videoId.value());
			json.writeStringProperty("playAuth", playAuth);
			json.writeStringProperty("expiresAt", AnswerJson.instant(expiresAt));
			AnswerJson.property(json, "videoMeta", videoMeta, VideoMeta::write);
			json.writeStringProperty("requestId", requestId);
			json.writeEndObject();
		});
	}

	@Override
	public String toString() {
		return "PlayAuthAnswer[" + videoId + ", expiresAt=" + expiresAt + ", requestId=" + requestId + "]";
	}

	/**
	 * What the play-auth answer says of the video.
	 *
	 * @param title its title
	 * @param duration its length in seconds; written as a JSON number, {@code null} when absent or not finite
	 * @param coverUrl its cover image
	 * @param status its VOD status, e.g. {@code Normal}
	 */
	public record VideoMeta(@Nullable String title, @Nullable Float duration, @Nullable String coverUrl,
			@Nullable String status) {

		void write(JsonGenerator json) {
			json.writeStartObject();
			json.writeStringProperty("title", title);
			json.writeName("duration");
			if (duration == null || duration.isNaN() || duration.isInfinite()) {
				json.writeNull();
			}
			else {
				json.writeNumber(duration.floatValue());
			}
			json.writeStringProperty("coverUrl", coverUrl);
			json.writeStringProperty("status", status);
			json.writeEndObject();
		}
	}
}
