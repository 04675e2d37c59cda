package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class PlayAuthTest {

	private static final String VIDEO = "93ab850b4f6f54b6e91d24d81d44abcd";

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest
		.withMovableClock(options -> options.withCredentials("testAk", "testSecret"));

	private static final DefaultAcsClient client = Sdk.client("testAk", "testSecret");

	@Test
	void playAuthCarriesVideoMetaAndDecodableExpiry() throws ClientException {
		GetVideoPlayAuthRequest request = Sdk.at(running.emulator(), new GetVideoPlayAuthRequest());
		request.setVideoId(VIDEO);
		request.setAuthInfoTimeout(3000L);

		GetVideoPlayAuthResponse response = client.getAcsResponse(request);

		assertThat(response.getRequestId()).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
		assertThat(response.getVideoMeta().getVideoId()).isEqualTo(VIDEO);
		assertThat(response.getVideoMeta().getStatus()).isEqualTo("Normal");
		assertThat(response.getVideoMeta().getDuration()).isPositive();
		assertThat(response.getVideoMeta().getTitle()).isNotBlank();
		assertThat(response.getVideoMeta().getCoverURL()).startsWith("https://").contains(VIDEO);
		Map<String, String> playAuth = FlatJson.parse(
				new String(Base64.getDecoder().decode(response.getPlayAuth()), StandardCharsets.UTF_8));
		assertThat(playAuth).containsEntry("VideoId", VIDEO).containsKeys("SecurityToken", "AuthInfo");
		assertThat(Instant.parse(playAuth.get("ExpireTime"))).isEqualTo(running.clock().instant().plusSeconds(3000));
		assertThat(running.emulator().stats().calls("GetVideoPlayAuth", "OK")).isEqualTo(1);
	}

	@Test
	void authInfoTimeoutOutOfRangeIsInvalidParameter() {
		GetVideoPlayAuthRequest request = Sdk.at(running.emulator(), new GetVideoPlayAuthRequest());
		request.setVideoId(VIDEO);
		request.setAuthInfoTimeout(99L);

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

		assertThat(error.getErrCode()).isEqualTo("InvalidParameter");
		assertThat(error.getRequestId()).isNotBlank();
	}
}
