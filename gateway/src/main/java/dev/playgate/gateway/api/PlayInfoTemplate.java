package dev.playgate.gateway.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.playgate.gateway.credential.VideoId;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A play-info answer taken apart once, so that answers with other play URLs and another {@code expiresAt} (the
 * {@code local-sign} mode signs each viewer's URLs) are assembled by concatenating pre-encoded parts: the same shape
 * as {@link PlayInfoAnswer}, with no JSON encoding per request. Immutable.
 */
public final class PlayInfoTemplate {

	// decimals read as BigDecimal, so every number is written back as it was (1E+3 stays 1E+3, not 1000.0)
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final byte[] videoBase;
	private final byte[] requestId;
	private final List<Stream> streams;

	private PlayInfoTemplate(byte[] videoBase, byte[] requestId, List<Stream> streams) {
		this.videoBase = videoBase;
		this.requestId = requestId;
		this.streams = List.copyOf(streams);
	}

	/** Takes apart an encoded play-info answer (as {@link PlayInfoAnswer#encode()} writes it). */
	public static PlayInfoTemplate read(byte[] answer) {
		JsonNode root = JSON.readTree(answer);
		List<Stream> streams = new ArrayList<>();
		for (JsonNode info : root.path("playInfos")) {
			streams.add(Stream.read((ObjectNode) info));
		}
		return new PlayInfoTemplate(JSON.writeValueAsBytes(root.get("videoBase")),
				JSON.writeValueAsBytes(root.get("requestId")), streams);
	}

	/** The streams, in the answer's order. */
	public List<Stream> streams() {
		return streams;
	}

	/** About how many bytes this template holds. */
	public int weight() {
		int weight = 128 + videoBase.length + requestId.length;
		for (Stream stream : streams) {
			weight += 96 + stream.playUrl.length() * 2 + stream.rest.length;
		}
		return weight;
	}

	/**
	 * The answer for {@code selected} streams of this template, the i-th with {@code playUrls.get(i)}, which must be
	 * URLs that parsed as {@code java.net.URI} (they then hold no quote, backslash nor control character, so they are
	 * written without JSON escaping).
	 */
	public byte[] encode(VideoId videoId, Instant expiresAt, List<Stream> selected, List<String> playUrls) {
		if (selected.size() != playUrls.size()) {
			throw new IllegalArgumentException("one play URL per stream: " + selected.size() + " != " + playUrls.size());
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(512 + selected.size() * 640);
		ascii(out, "{\"videoId\":\"" + videoId.value() + "\",\"expiresAt\":\"" + AnswerJson.instant(expiresAt)
				+ "\",\"videoBase\":");
		out.writeBytes(videoBase);
		ascii(out, ",\"playInfos\":[");
		for (int i = 0; i < selected.size(); i++) {
			ascii(out, (i == 0 ? "" : ",") + "{\"playUrl\":\"");
			out.writeBytes(playUrls.get(i).getBytes(StandardCharsets.UTF_8));
			out.write('"');
			out.writeBytes(selected.get(i).rest);
		}
		ascii(out, "],\"requestId\":");
		out.writeBytes(requestId);
		out.write('}');
		return out.toByteArray();
	}

	private static void ascii(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

	@Override
	public String toString() {
		return "PlayInfoTemplate[" + streams.size() + " streams]";
	}

	/** One stream of the template: its play URL as answered, what requests filter on, and its other members. */
	public static final class Stream {

		private final String playUrl;
		private final String format;
		private final String definition;
		private final String streamType;
		private final byte[] rest;

		private Stream(String playUrl, String format, String definition, String streamType, byte[] rest) {
			this.playUrl = playUrl;
			this.format = format;
			this.definition = definition;
			this.streamType = streamType;
			this.rest = rest;
		}

		static Stream read(ObjectNode info) {
			ObjectNode others = info.deepCopy();
			others.remove("playUrl");
			byte[] encoded = JSON.writeValueAsBytes(others);
			ByteArrayOutputStream rest = new ByteArrayOutputStream(encoded.length + 1);
			if (encoded.length > 2) {
				rest.write(',');
			}
			rest.write(encoded, 1, encoded.length - 1);
			return new Stream(info.path("playUrl").asString(""), lower(info, "format"), lower(info, "definition"),
					lower(info, "streamType"), rest.toByteArray());
		}

		private static String lower(JsonNode info, String name) {
			return info.path(name).asString("").toLowerCase(Locale.ROOT);
		}

		/** The play URL as the answer had it (signed by VOD: never logged). */
		public String playUrl() {
			return playUrl;
		}

		/** The format, lower case, e.g. {@code m3u8}. */
		public String format() {
			return format;
		}

		/** The definition, lower case, e.g. {@code hd}. */
		public String definition() {
			return definition;
		}

		/** The stream type, lower case: {@code video} or {@code audio}. */
		public String streamType() {
			return streamType;
		}

		@Override
		public String toString() {
			return "Stream[" + definition + "/" + format + "/" + streamType + "]";
		}
	}
}
