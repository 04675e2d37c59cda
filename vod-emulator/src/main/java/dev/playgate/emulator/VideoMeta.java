package dev.playgate.emulator;

/** Writes the metadata fields that GetVideoPlayAuth ({@code VideoMeta}) and GetPlayInfo ({@code VideoBase}) share. */
final class VideoMeta {

	private VideoMeta() {
	}

	/** {@code VideoMeta} of GetVideoPlayAuth: Duration is a JSON number because the SDK maps it to a Float. */
	static JsonWriter write(JsonWriter json, Video video, String playDomain) {
		return json.field("VideoId", video.id())
				.field("Title", video.title())
				.rawNumber("Duration", video.duration())
				.field("CoverURL", coverUrl(video, playDomain))
				.field("Status", video.status());
	}

	static String coverUrl(Video video, String playDomain) {
		return "https://" + playDomain + "/snapshots/" + video.id() + "/cover-00001.jpg";
	}
}
