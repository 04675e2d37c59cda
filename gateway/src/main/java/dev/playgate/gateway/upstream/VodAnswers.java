package dev.playgate.gateway.upstream;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse.PlayInfo;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse.VideoBase;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse.VideoMeta;
import dev.playgate.gateway.api.PlayAuthAnswer;
import dev.playgate.gateway.api.PlayInfoAnswer;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;

/**
 * VOD's responses read as the public answers (the api package writes them). Fields VOD leaves out stay {@code null};
 * numbers VOD sends as strings become numbers when they parse, else {@code null}.
 */
final class VodAnswers {

	private VodAnswers() {
	}

	/** The play-auth answer of a GetVideoPlayAuth response. */
	static PlayAuthAnswer playAuth(VideoId videoId, GetVideoPlayAuthResponse response, Instant expiresAt) {
		VideoMeta meta = response.getVideoMeta();
		PlayAuthAnswer.VideoMeta videoMeta = meta == null ? null
				: new PlayAuthAnswer.VideoMeta(meta.getTitle(), meta.getDuration(), meta.getCoverURL(),
						meta.getStatus());
		return new PlayAuthAnswer(videoId, response.getPlayAuth(), expiresAt, videoMeta, response.getRequestId());
	}

	/** The play-info answer of a GetPlayInfo response. */
	static PlayInfoAnswer playInfo(VideoId videoId, GetPlayInfoResponse response, Instant expiresAt) {
		VideoBase base = response.getVideoBase();
		PlayInfoAnswer.VideoBase videoBase = base == null ? null
				: new PlayInfoAnswer.VideoBase(base.getTitle(), decimal(base.getDuration()), base.getCoverURL(),
						base.getStatus(), base.getMediaType(), base.getCreationTime(), base.getOutputType());
		List<PlayInfo> infos = response.getPlayInfoList();
		List<PlayInfoAnswer.PlayInfo> streams = infos == null ? List.of()
				: infos.stream().map(VodAnswers::stream).toList();
		return new PlayInfoAnswer(videoId, expiresAt, videoBase, streams, response.getRequestId());
	}

	private static PlayInfoAnswer.PlayInfo stream(PlayInfo info) {
		return new PlayInfoAnswer.PlayInfo(info.getPlayURL(), info.getDefinition(), info.getFormat(),
				decimal(info.getBitrate()), info.getWidth(), info.getHeight(), info.getSize(),
				decimal(info.getDuration()), decimal(info.getFps()), info.getEncrypt(), info.getStreamType(),
				info.getStatus());
	}

	/** A number VOD sent as a string, or {@code null} when it sent none or one that does not parse. */
	static @Nullable BigDecimal decimal(@Nullable String value) {
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
