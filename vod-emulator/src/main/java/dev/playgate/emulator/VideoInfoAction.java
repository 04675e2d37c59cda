package dev.playgate.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code GetVideoInfo}: a video's media-library record (reference §5). It answers for any existing video, whatever
 * its status: a {@code FORBIDDEN...} video reports {@code Blocked}, a {@code NOSTREAM...} video {@code Normal}.
 */
final class VideoInfoAction implements Action {

	static final String NAME = "GetVideoInfo";

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneOffset.ofHours(8));

	private final Catalogue catalogue;
	private final String regionId;
	private final String playDomain;

	VideoInfoAction(Catalogue catalogue, String regionId, String playDomain) {
		this.catalogue = catalogue;
		this.regionId = regionId;
		this.playDomain = playDomain;
	}

	@Override
	public byte[] handle(RpcRequest request, String requestId) {
		Video video = catalogue.require(request, false);
		String cover = VideoMeta.coverUrl(video, playDomain);
		String local = LOCAL.format(Instant.parse(video.creationTime()));
		JsonWriter json = new JsonWriter(2048).beginObject()
				.field("RequestId", requestId)
				.field("AI", "")
				.beginObject("Video")
				.field("VideoId", video.id())
				.field("Title", video.title())
				.field("Description", "Deterministic test video " + video.id().substring(0, 8))
				.rawNumber("Duration", video.duration())
				.field("CoverURL", cover)
				.field("Status", video.status())
				.field("AuditStatus", "Normal")
				.field("CreationTime", video.creationTime())
				.field("ModificationTime", video.creationTime())
				.field("CreateTime", local)
				.field("ModifyTime", local)
				.field("Size", video.size())
				.field("CateId", video.cateId())
				.field("CateName", "emulator")
				.field("Tags", "playgate,emulator")
				.field("StorageLocation", "outin-emulator.oss-" + regionId + ".aliyuncs.com")
				.field("RegionId", regionId)
				.field("AppId", AppPlayKeyAction.DEFAULT_APP_ID)
				.field("DownloadSwitch", "on")
				.field("TemplateGroupId", "emulator-template-group")
				.field("StorageClass", "Standard")
				.field("PreprocessStatus", "UnPreprocess")
				.field("CustomMediaInfo", "");
		json.beginObject("Snapshots").beginArray("Snapshot").value(cover).endArray().endObject();
		json.beginObject("ThumbnailList").beginArray("Thumbnail").beginObject().field("URL", cover).endObject()
				.endArray().endObject();
		return json.endObject().endObject().toBytes();
	}
}
