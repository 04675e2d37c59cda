package dev.playgate.gateway.upstream;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.api.PlayAuthAnswer;
import dev.playgate.gateway.api.PlayInfoAnswer;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * VOD's JSON answers read as the public answers, for the client that does without the SDK. It reads what the SDK's
 * parser reads (keys are case-sensitive, numbers may come as strings, a missing key and {@code null} are the same)
 * and is stricter nowhere: {@code \}{@code uXXXX} escapes decode, an integer written {@code 640.0} is 640, and a list
 * comes bare or in VOD's wrapper object ({@code "PlayInfoList":{"PlayInfo":[...]}}). Anything it cannot read is a
 * {@link VodCallException} for an unreadable answer.
 */
final class VodJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private VodJson() {
	}

	/** The JSON object of an answer's body. */
	static JsonNode parse(byte[] body) {
		try {
			JsonNode root = JSON.readTree(body);
			if (root == null || !root.isObject()) {
				throw unreadable("not a JSON object");
			}
			return root;
		}
		catch (JacksonException ex) {
			throw unreadable("not JSON");
		}
	}

	/** The play-auth answer of a GetVideoPlayAuth answer. */
	static PlayAuthAnswer playAuth(VideoId videoId, JsonNode answer, Instant expiresAt) {
		JsonNode meta = object(answer, "VideoMeta");
		PlayAuthAnswer.VideoMeta videoMeta = meta == null ? null
				: new PlayAuthAnswer.VideoMeta(text(meta, "Title"), decimalFloat(meta, "Duration"),
						text(meta, "CoverURL"), text(meta, "Status"));
		return new PlayAuthAnswer(videoId, text(answer, "PlayAuth"), expiresAt, videoMeta, requestId(answer));
	}

	/** The play-info answer of a GetPlayInfo answer. */
	static PlayInfoAnswer playInfo(VideoId videoId, JsonNode answer, Instant expiresAt) {
		JsonNode base = object(answer, "VideoBase");
		PlayInfoAnswer.VideoBase videoBase = base == null ? null
				: new PlayInfoAnswer.VideoBase(text(base, "Title"), VodAnswers.decimal(text(base, "Duration")),
						text(base, "CoverURL"), text(base, "Status"), text(base, "MediaType"),
						text(base, "CreationTime"), text(base, "OutputType"));
		List<PlayInfoAnswer.PlayInfo> streams = new ArrayList<>();
		for (JsonNode info : list(answer, "PlayInfoList", "PlayInfo")) {
			streams.add(stream(info));
		}
		return new PlayInfoAnswer(videoId, expiresAt, videoBase, streams, requestId(answer));
	}

	private static PlayInfoAnswer.PlayInfo stream(JsonNode info) {
		if (!info.isObject()) {
			throw unreadable("a PlayInfo that is not an object");
		}
		return new PlayInfoAnswer.PlayInfo(text(info, "PlayURL"), text(info, "Definition"), text(info, "Format"),
				VodAnswers.decimal(text(info, "Bitrate")), integer(info, "Width"), integer(info, "Height"),
				integer(info, "Size"), VodAnswers.decimal(text(info, "Duration")),
				VodAnswers.decimal(text(info, "Fps")), integer(info, "Encrypt"), text(info, "StreamType"),
				text(info, "Status"));
	}

	/** The error code of an error answer, {@code Code} or {@code code}; {@code null} when it has none. */
	static @Nullable String errorCode(JsonNode answer) {
		String code = text(answer, "Code");
		return code != null ? code : text(answer, "code");
	}

	/** The answer's request id, {@code RequestId} or {@code requestId}. */
	static @Nullable String requestId(JsonNode answer) {
		String id = text(answer, "RequestId");
		return id != null ? id : text(answer, "requestId");
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isContainer()) {
			throw unreadable(name + " is not a value");
		}
		return value.asString();
	}

	private static @Nullable JsonNode object(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isObject()) {
			throw unreadable(name + " is not an object");
		}
		return value;
	}

	private static Iterable<JsonNode> list(JsonNode node, String name, String element) {
		JsonNode value = node.get(name);
		if (value != null && value.isObject()) {
			value = value.get(element);
		}
		if (value == null || value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			throw unreadable(name + " is not a list");
		}
		return value;
	}

	private static @Nullable Long integer(JsonNode node, String name) {
		BigDecimal value = number(node, name);
		if (value == null) {
			return null;
		}
		try {
			return value.longValueExact();
		}
		catch (ArithmeticException ex) {
			throw unreadable(name + " is not an integer");
		}
	}

	private static @Nullable Float decimalFloat(JsonNode node, String name) {
		BigDecimal value = number(node, name);
		return value == null ? null : value.floatValue();
	}

	private static @Nullable BigDecimal number(JsonNode node, String name) {
		String text = text(node, name);
		if (text == null) {
			return null;
		}
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			throw unreadable(name + " is not a number");
		}
	}

	private static VodCallException unreadable(String why) {
		return new VodCallException(VodFailure.unreadable(why), null);
	}
}
