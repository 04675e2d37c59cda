package dev.playgate.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GetPlayInfo}: the play URLs of a video's streams, filtered by {@code Formats}, {@code Definition},
 * {@code StreamType} and {@code ResultType}, each URL signed for {@code AuthTimeout} seconds (reference §4).
 */
final class PlayInfoAction implements Action {

	static final String NAME = "GetPlayInfo";

	private static final long DEFAULT_AUTH_TIMEOUT = 3600;
	private static final long MAX_OSS_AUTH_TIMEOUT = 2_592_000;
	private static final long MAX_CDN_AUTH_TIMEOUT = 100L * 365 * 24 * 3600;

	private final Catalogue catalogue;
	private static final int MAX_ENCODED_STREAMS = 40_000;

	private final ConcurrentHashMap<Video.Stream, byte[]> encodedStreams = new ConcurrentHashMap<>();
	private final PlayUrls urls;
	private final String playDomain;

	PlayInfoAction(Catalogue catalogue, String regionId, String playDomain, CdnOptions cdn) {
		this.catalogue = catalogue;
		this.urls = new PlayUrls(regionId, cdn);
		this.playDomain = playDomain;
	}

	@Override
	public byte[] handle(RpcRequest request, String requestId) {
		Query query = Query.from(request, playDomain);
		Video video = catalogue.require(request, true);
		List<Video.Stream> streams = select(video.streams(), query);
		if (streams.isEmpty()) {
			throw new ApiException(ApiError.noneStream());
		}
		long expires = request.arrivalMillis() / 1000 + query.authTimeout();
		JsonWriter json = new JsonWriter(4096).beginObject().field("RequestId", requestId);
		writeVideoBase(json.beginObject("VideoBase"), video, query).endObject();
		json.beginObject("PlayInfoList").beginArray("PlayInfo");
		for (Video.Stream stream : streams) {
			json.beginObject().field("PlayURL", urls.url(stream.path(), expires, query))
					.raw(encodedStream(video, stream)).endObject();
		}
		return json.endArray().endObject().endObject().toBytes();
	}

	private static List<Video.Stream> select(List<Video.Stream> all, Query query) {
		List<Video.Stream> selected = new ArrayList<>(all.size());
		for (int i = 0; i < all.size(); i++) {
			Video.Stream stream = all.get(i);
			if (query.matches(stream) && (query.multiple() || !isSuperseded(all, i))) {
				selected.add(stream);
			}
		}
		return selected;
	}

	/** Whether a newer transcode of the same definition and format follows (ResultType=Single hides it). */
	private static boolean isSuperseded(List<Video.Stream> all, int index) {
		Video.Stream stream = all.get(index);
		for (int i = index + 1; i < all.size(); i++) {
			Video.Stream later = all.get(i);
			if (later.definition().equals(stream.definition()) && later.format().equals(stream.format())) {
				return true;
			}
		}
		return false;
	}

	private JsonWriter writeVideoBase(JsonWriter json, Video video, Query query) {
		json.field("VideoId", video.id())
				.field("Title", video.title())
				.field("Duration", video.duration())
				.field("CoverURL", VideoMeta.coverUrl(video, query.playDomain()))
				.field("Status", video.status())
				.field("MediaType", "video")
				.field("CreationTime", video.creationTime())
				.field("OutputType", query.outputType())
				.field("TranscodeMode", "FastTranscode")
				.field("StorageClass", "Standard");
		if (query.danmu() && "cdn".equals(query.outputType())) {
			json.field("DanMuURL", "https://" + query.playDomain() + "/danmu/" + video.id() + ".xml");
		}
		return json.beginObject("ThumbnailList").beginArray("Thumbnail").beginObject()
				.field("URL", VideoMeta.coverUrl(video, query.playDomain())).endObject().endArray().endObject();
	}

	/** The members of a PlayInfo that do not change between calls, encoded once per stream. */
	private byte[] encodedStream(Video video, Video.Stream stream) {
		byte[] encoded = encodedStreams.get(stream);
		if (encoded == null) {
			encoded = writePlayInfo(new JsonWriter(1024).beginObject(), video, stream).members();
			if (encodedStreams.size() < MAX_ENCODED_STREAMS) {
				encodedStreams.putIfAbsent(stream, encoded);
			}
		}
		return encoded;
	}

	private static JsonWriter writePlayInfo(JsonWriter json, Video video, Video.Stream stream) {
		boolean audio = "audio".equals(stream.streamType());
		return json.field("Definition", stream.definition())
				.field("Format", stream.format())
				.field("Bitrate", stream.bitrate())
				.field("Width", stream.width())
				.field("Height", stream.height())
				.field("Size", stream.size())
				.field("Duration", video.duration())
				.field("Fps", stream.fps())
				.field("Encrypt", 0)
				.field("EncryptType", "")
				.field("StreamType", stream.streamType())
				.field("JobId", stream.jobId())
				.field("Status", "Normal")
				.field("Specification", (audio ? "MP3." : "H264.") + stream.definition())
				.field("NarrowBandType", "0")
				.field("CreationTime", stream.creationTime())
				.field("ModificationTime", stream.creationTime())
				.field("WatermarkId", "")
				.field("BitDepth", audio ? 0 : 8)
				.field("HDRType", "")
				.field("JobExt", "")
				.field("Complexity", "")
				.field("Rand", "")
				.field("Plaintext", "")
				.field("PreprocessStatus", "");
	}

	/** The parsed, validated request parameters of one GetPlayInfo call. */
	record Query(Set<String> formats, Set<String> definitions, Set<String> streamTypes, boolean multiple,
			String outputType, long authTimeout, String playDomain, String rand, String uid, boolean danmu) {

		static Query from(RpcRequest request, String defaultDomain) {
			String outputType = lower(request.get("OutputType"), "cdn");
			if (!outputType.equals("cdn") && !outputType.equals("oss")) {
				throw new ApiException(ApiError.invalidParameter("OutputType", outputType));
			}
			long max = outputType.equals("oss") ? MAX_OSS_AUTH_TIMEOUT : MAX_CDN_AUTH_TIMEOUT;
			long authTimeout = Action.longParameter(request, "AuthTimeout", DEFAULT_AUTH_TIMEOUT, 1, max);
			String resultType = lower(request.get("ResultType"), "single");
			if (!resultType.equals("single") && !resultType.equals("multiple")) {
				throw new ApiException(ApiError.invalidParameter("ResultType", request.get("ResultType")));
			}
			Map<String, String> playConfig = json(request, "PlayConfig");
			Map<String, String> reAuth = json(request, "ReAuthInfo");
			String domain = playConfig.getOrDefault("PlayDomain", defaultDomain);
			if (!domain.matches("[A-Za-z0-9.-]+(:[0-9]+)?")) {
				throw new ApiException(ApiError.invalidParameter("PlayConfig", "PlayDomain " + domain));
			}
			String rand = reAuth.getOrDefault("rand", "0");
			String uid = reAuth.getOrDefault("uid", "0");
			if (!rand.matches("[A-Za-z0-9]{1,64}") || !uid.matches("[A-Za-z0-9]{1,64}")) {
				throw new ApiException(ApiError.invalidParameter("ReAuthInfo", request.get("ReAuthInfo")));
			}
			return new Query(list(request.get("Formats"), false), list(request.get("Definition"), true),
					list(request.get("StreamType"), false), resultType.equals("multiple"), outputType, authTimeout,
					domain, rand, uid,
					"danmu".equalsIgnoreCase(request.get("AdditionType")));
		}

		boolean matches(Video.Stream stream) {
			return (formats.isEmpty() || formats.contains(stream.format()))
					&& (definitions.isEmpty() || definitions.contains(stream.definition()))
					&& (streamTypes.isEmpty() || streamTypes.contains(stream.streamType()));
		}

		private static Map<String, String> json(RpcRequest request, String name) {
			String value = request.get(name);
			if (value == null || value.isBlank()) {
				return Map.of();
			}
			try {
				return FlatJson.parse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiException(ApiError.invalidParameter(name, value));
			}
		}

		private static String lower(String value, String defaultValue) {
			return value == null || value.isBlank() ? defaultValue : value.trim().toLowerCase(Locale.ROOT);
		}

		private static Set<String> list(String value, boolean upperCase) {
			if (value == null || value.isBlank()) {
				return Set.of();
			}
			Set<String> items = new java.util.HashSet<>();
			for (String item : value.split(",")) {
				String trimmed = item.trim();
				if (!trimmed.isEmpty()) {
					items.add(upperCase ? trimmed.toUpperCase(Locale.ROOT) : trimmed.toLowerCase(Locale.ROOT));
				}
			}
			return items;
		}
	}
}
