package dev.playgate.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse.PlayInfo;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse.VideoBase;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse.VideoMeta;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The public JSON answers, encoded once when the credential is made so that every hit only writes bytes. Fields are
 * always present ({@code null} when VOD sent nothing); numbers VOD sends as strings become JSON numbers when they
 * parse, else {@code null}.
 */
final class CredentialBody {

	private static final JsonFactory JSON = new JsonFactory();

	private CredentialBody() {
	}

	/** The RFC 3339 UTC form of an instant, in whole seconds, as every {@code expiresAt} is written. */
	static String instant(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

	/** {@code {"videoId","playAuth","expiresAt","videoMeta":{...},"requestId"}}. */
	static byte[] playAuth(VideoId videoId, GetVideoPlayAuthResponse response, Instant expiresAt) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("videoId", videoId.value());
			json.writeStringProperty("playAuth", response.getPlayAuth());
			json.writeStringProperty("expiresAt", instant(expiresAt));
			videoMeta(json, response.getVideoMeta());
			json.writeStringProperty("requestId", response.getRequestId());
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void videoMeta(JsonGenerator json, @Nullable VideoMeta meta) {
		json.writeName("videoMeta");
		if (meta == null) {
			json.writeNull();
			return;
		}
		json.writeStartObject();
		json.writeStringProperty("title", meta.getTitle());
		json.writeName("duration");
		Float duration = meta.getDuration();
		if (duration == null || duration.isNaN() || duration.isInfinite()) {
			json.writeNull();
		}
		else {
			json.writeNumber(duration.floatValue());
		}
		json.writeStringProperty("coverUrl", meta.getCoverURL());
		json.writeStringProperty("status", meta.getStatus());
		json.writeEndObject();
	}

	/** {@code {"videoId","expiresAt","videoBase":{...},"playInfos":[...],"requestId"}}. */
	static byte[] playInfo(VideoId videoId, GetPlayInfoResponse response, Instant expiresAt) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("videoId", videoId.value());
			json.writeStringProperty("expiresAt", instant(expiresAt));
			videoBase(json, response.getVideoBase());
			playInfos(json, response.getPlayInfoList());
			json.writeStringProperty("requestId", response.getRequestId());
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void videoBase(JsonGenerator json, @Nullable VideoBase base) {
		json.writeName("videoBase");
		if (base == null) {
			json.writeNull();
			return;
		}
		json.writeStartObject();
		json.writeStringProperty("title", base.getTitle());
		decimal(json, "duration", base.getDuration());
		json.writeStringProperty("coverUrl", base.getCoverURL());
		json.writeStringProperty("status", base.getStatus());
		json.writeStringProperty("mediaType", base.getMediaType());
		json.writeStringProperty("creationTime", base.getCreationTime());
		json.writeStringProperty("outputType", base.getOutputType());
		json.writeEndObject();
	}

	private static void playInfos(JsonGenerator json, @Nullable List<PlayInfo> infos) {
		json.writeName("playInfos");
		json.writeStartArray();
		if (infos != null) {
			for (PlayInfo info : infos) {
				playInfo(json, info);
			}
		}
		json.writeEndArray();
	}

	private static void playInfo(JsonGenerator json, PlayInfo info) {
		json.writeStartObject();
		json.writeStringProperty("playUrl", info.getPlayURL());
		json.writeStringProperty("definition", info.getDefinition());
		json.writeStringProperty("format", info.getFormat());
		decimal(json, "bitrate", info.getBitrate());
		integer(json, "width", info.getWidth());
		integer(json, "height", info.getHeight());
		integer(json, "size", info.getSize());
		decimal(json, "duration", info.getDuration());
		decimal(json, "fps", info.getFps());
		integer(json, "encrypt", info.getEncrypt());
		json.writeStringProperty("streamType", info.getStreamType());
		json.writeStringProperty("status", info.getStatus());
		json.writeEndObject();
	}

	private static void integer(JsonGenerator json, String name, @Nullable Long value) {
		json.writeName(name);
		if (value == null) {
			json.writeNull();
		}
		else {
			json.writeNumber(value.longValue());
		}
	}

	private static void decimal(JsonGenerator json, String name, @Nullable String value) {
		json.writeName(name);
		BigDecimal number = parse(value);
		if (number == null) {
			json.writeNull();
		}
		else {
			json.writeNumber(number);
		}
	}

	private static @Nullable BigDecimal parse(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return new BigDecimal(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}
}
