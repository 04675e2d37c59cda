package dev.playgate.emulator;

import java.util.function.UnaryOperator;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class CatalogueTest {

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest.of(UnaryOperator.identity());

	private static final DefaultAcsClient client = Sdk.client("testAk", "testSecret");

	@Test
	void notFoundPrefixIsInvalidVideoNotFoundForEveryAction() {
		String id = "NOTFOUND0123456789abcdef01234567";

		assertThat(errorCode(playAuth(id))).isEqualTo("InvalidVideo.NotFound");
		assertThat(errorCode(playInfo(id))).isEqualTo("InvalidVideo.NotFound");
		assertThat(errorCode(videoInfo(id))).isEqualTo("InvalidVideo.NotFound");
	}

	@Test
	void noStreamPrefixIsNoneStreamForPlaybackButNormalForVideoInfo() throws ClientException {
		String id = "NOSTREAM0123456789abcdef01234567";

		assertThat(errorCode(playAuth(id))).isEqualTo("InvalidVideo.NoneStream");
		assertThat(errorCode(playInfo(id))).isEqualTo("InvalidVideo.NoneStream");
		assertThat(client.getAcsResponse(videoInfo(id)).getVideo().getStatus()).isEqualTo("Normal");
	}

	@Test
	void forbiddenPrefixIsIllegalStatusForPlaybackAndBlockedInVideoInfo() throws ClientException {
		String id = "FORBIDDEN123456789abcdef01234567";
		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(playInfo(id)));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("Forbidden.IllegalStatus");
		assertThat(errorCode(playAuth(id))).isEqualTo("Forbidden.IllegalStatus");
		assertThat(client.getAcsResponse(videoInfo(id)).getVideo().getStatus()).isEqualTo("Blocked");
	}

	@Test
	void malformedIdsDoNotExist() {
		assertThat(errorCode(playAuth("short"))).isEqualTo("InvalidVideo.NotFound");
		assertThat(errorCode(playInfo("0123456789abcdef0123456789abcde!"))).isEqualTo("InvalidVideo.NotFound");
	}

	@Test
	void missingVideoIdIsMissingVideoId() {
		assertThat(errorCode(Sdk.at(running.emulator(), new GetPlayInfoRequest()))).isEqualTo("MissingVideoId");
	}

	@Test
	void sameIdAlwaysHasTheSameMetadata() throws ClientException {
		String id = "Zz0123456789abcdefABCDEF98765432";

		GetVideoInfoResponse.Video first = client.getAcsResponse(videoInfo(id)).getVideo();
		GetVideoInfoResponse.Video second = client.getAcsResponse(videoInfo(id)).getVideo();

		assertThat(second.getTitle()).isEqualTo(first.getTitle());
		assertThat(second.getDuration()).isEqualTo(first.getDuration());
		assertThat(second.getCreationTime()).isEqualTo(first.getCreationTime());
		assertThat(new Catalogue().find(id)).isEqualTo(new Catalogue().find(id));
	}

	@Test
	void videoInfoHasTheSdkTypes() throws ClientException {
		GetVideoInfoResponse response = client.getAcsResponse(videoInfo("0123456789abcdef0123456789abcdef"));

		GetVideoInfoResponse.Video video = response.getVideo();
		assertThat(video.getDuration()).isBetween(30f, 3600f);
		assertThat(video.getSize()).isPositive();
		assertThat(video.getCateId()).isPositive();
		assertThat(video.getSnapshots()).singleElement().asString().startsWith("https://");
		assertThat(video.getThumbnailList()).hasSize(1);
		assertThat(video.getAppId()).isEqualTo("app-1000000");
	}

	private static String errorCode(AcsRequest<?> request) {
		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));
		assertThat(error).as("expected a refusal").isNotNull();
		return error.getErrCode();
	}

	private static GetVideoPlayAuthRequest playAuth(String id) {
		GetVideoPlayAuthRequest request = Sdk.at(running.emulator(), new GetVideoPlayAuthRequest());
		request.setVideoId(id);
		return request;
	}

	private static GetPlayInfoRequest playInfo(String id) {
		GetPlayInfoRequest request = Sdk.at(running.emulator(), new GetPlayInfoRequest());
		request.setVideoId(id);
		return request;
	}

	private static GetVideoInfoRequest videoInfo(String id) {
		GetVideoInfoRequest request = Sdk.at(running.emulator(), new GetVideoInfoRequest());
		request.setVideoId(id);
		return request;
	}
}
