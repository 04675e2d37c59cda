package dev.playgate.gateway.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * The answer of {@code GET /v1/videos/{videoId}/play-info}:
 * {@code {"videoId","expiresAt","videoBase":{...},"playInfos":[...],"requestId"}}. Every field is always present,
 * {@code null} when unknown; numbers are JSON numbers.
 *
 * @param videoId the video
 * @param expiresAt when its play URLs stop being handed out, written in whole seconds
 * @param videoBase what VOD said about the video, or {@code null}
 * @param playInfos one entry per stream, in VOD's order (signed URLs: never logged)
 * @param requestId the id of the call that produced it
 */
public record PlayInfoAnswer(VideoId videoId, Instant expiresAt, @Nullable VideoBase videoBase,
		List<PlayInfo> playInfos, @Nullable String requestId) {

	/** Copies the streams. */
	public PlayInfoAnswer {
		playInfos = List.copyOf(playInfos);
	}

	/** The encoded answer, UTF-8 JSON. */
	public byte[] encode() {
		return AnswerJson.write(2048, json -> {
			json.writeStartObject();
			json.writeStringProperty("videoId", videoId.value());
			json.writeStringProperty("expiresAt", AnswerJson.instant(expiresAt));
			AnswerJson.property(json, "videoBase", videoBase, VideoBase::write);
			json.writeName("playInfos");
			json.writeStartArray();
			for (PlayInfo info : playInfos) {
				info.write(json);
			}
			json.writeEndArray();
			json.writeStringProperty("requestId", requestId);
			json.writeEndObject();
		});
	}

	@Override
	public String toString() {
		return "PlayInfoAnswer[" + videoId + ", expiresAt=" + expiresAt + ", " + playInfos.size()
				+ " streams, requestId=" + requestId + "]";
	}

	/**
	 * What the play-info answer says of the video.
	 *
	 * @param title its title
	 * @param duration its length in seconds
	 * @param coverUrl its cover image
	 * @param status its VOD status
	 * @param mediaType {@code video} or {@code audio}
	 * @param creationTime when it was uploaded, as VOD wrote it
	 * @param outputType {@code oss} or {@code cdn}
	 */
	public record VideoBase(@Nullable String title, @Nullable BigDecimal duration, @Nullable String coverUrl,
			@Nullable String status, @Nullable String mediaType, @Nullable String creationTime,
			@Nullable String outputType) {

		void write(JsonGenerator json) {
			json.writeStartObject();
			json.writeStringProperty("title", title);
			number(json, "duration", duration);
			json.writeStringProperty("coverUrl", coverUrl);
			json.writeStringProperty("status", status);
			json.writeStringProperty("mediaType", mediaType);
			json.writeStringProperty("creationTime", creationTime);
			json.writeStringProperty("outputType", outputType);
			json.writeEndObject();
		}
	}

	/**
	 * One stream of the video.
	 *
	 * @param playUrl its signed URL
	 * @param definition e.g. {@code LD}
	 * @param format e.g. {@code m3u8}
	 * @param bitrate in Kbps
	 * @param width in pixels
	 * @param height in pixels
	 * @param size in bytes
	 * @param duration in seconds
	 * @param fps frames per second
	 * @param encrypt whether it is encrypted ({@code 1}) or not ({@code 0})
	 * @param streamType {@code video} or {@code audio}
	 * @param status its VOD status
	 */
	public record PlayInfo(@Nullable String playUrl, @Nullable String definition, @Nullable String format,
			@Nullable BigDecimal bitrate, @Nullable Long width, @Nullable Long height, @Nullable Long size,
			@Nullable BigDecimal duration, @Nullable BigDecimal fps, @Nullable Long encrypt,
			@Nullable String streamType, @Nullable String status) {

		void write(JsonGenerator json) {
			json.writeStartObject();
			json.writeStringProperty("playUrl", playUrl);
			json.writeStringProperty("definition", definition);
			json.writeStringProperty("format", format);
			number(json, "bitrate", bitrate);
			number(json, "width", width);
			number(json, "height", height);
			number(json, "size", size);
			number(json, "duration", duration);
			number(json, "fps", fps);
			number(json, "encrypt", encrypt);
			json.writeStringProperty("streamType", streamType);
			json.writeStringProperty("status", status);
			json.writeEndObject();
		}

		@Override
		public String toString() {
			return "PlayInfo[" + definition + " " + format + ", url=<redacted>]";
		}
	}

	private static void number(JsonGenerator json, String name, @Nullable BigDecimal value) {
		AnswerJson.property(json, name, value, (number, out) -> out.writeNumber(number));
	}

	private static void number(JsonGenerator json, String name, @Nullable Long value) {
		AnswerJson.property(json, name, value, (number, out) -> out.writeNumber(number.longValue()));
	}
}
