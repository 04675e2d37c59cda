package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PlayAuthTest {

	private static final String VIDEO = "93ab850b4f6f54b6e91d24d81d44abcd";

	private static MutableClock clock;
	private static VodEmulator emulator;
	private static DefaultAcsClient client;

	@BeforeAll
	static void start() {
		clock = MutableClock.ofNow();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withCredentials("testAk", "testSecret")
				.withClock(clock));
		client = Sdk.client("testAk", "testSecret");
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@BeforeEach
	void reset() {
		emulator.faults().clear();
		emulator.reset();
	}

	@Test
	void playAuthCarriesVideoMetaAndDecodableExpiry() throws ClientException {
		GetVideoPlayAuthRequest request = Sdk.at(emulator, new GetVideoPlayAuthRequest());
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
		assertThat(Instant.parse(playAuth.get("ExpireTime"))).isEqualTo(clock.instant().plusSeconds(3000));
		assertThat(emulator.stats().calls("GetVideoPlayAuth", "OK")).isEqualTo(1);
	}

	@Test
	void authInfoTimeoutOutOfRangeIsInvalidParameter() {
		GetVideoPlayAuthRequest request = Sdk.at(emulator, new GetVideoPlayAuthRequest());
		request.setVideoId(VIDEO);
		request.setAuthInfoTimeout(99L);

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

		assertThat(error.getErrCode()).isEqualTo("InvalidParameter");
		assertThat(error.getRequestId()).isNotBlank();
	}
}
