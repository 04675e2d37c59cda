package dev.playgate.gateway.playauth;

import java.util.List;
import java.util.Map;

import com.aliyuncs.IAcsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class AppPlayKeyReaderTest {

	private static final String PLAY_KEY = "yzNgTUtAl6HAuosIA";

	private final IAcsClient client = StubVod.client();

	@AfterEach
	void shutDown() {
		client.shutdown();
	}

	@Test
	void readsThePlayKeyWithASignedGetAppPlayKeyCall() {
		try (StubVod vod = StubVod.withPlayKey("app-1000000", PLAY_KEY)) {
			PlayKey playKey = reader(vod).read("app-1000000");

			assertThat(playKey.secretKey().getEncoded()).isEqualTo(PLAY_KEY.getBytes());
			Map<String, List<String>> query = vod.queries().get(0);
			assertThat(query).containsEntry("Action", List.of("GetAppPlayKey"))
				.containsEntry("Version", List.of("2017-03-21"))
				.containsEntry("AppId", List.of("app-1000000"))
				.containsEntry("AccessKeyId", List.of("testAk"))
				.containsKey("Signature");
		}
	}

	@Test
	void vodErrorFailsWithItsCodeAndRequestId() {
		String error = "{\"RequestId\":\"req-1\",\"HostId\":\"vod.cn-shanghai.aliyuncs.com\",\"Code\":\"AppNotExist\","
				+ "\"Message\":\"The specified app does not exist.\"}";
		try (StubVod vod = StubVod.answering(404, error)) {
			assertThatThrownBy(() -> reader(vod).read("app-9999999")).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("GetAppPlayKey for app-9999999 failed: AppNotExist")
				.hasMessageContaining("req-1");
		}
	}

	@Test
	void answerWithoutAPlayKeyFails() {
		try (StubVod vod = StubVod.answering(200, "{\"RequestId\":\"req-2\",\"AppPlayKey\":{\"AppId\":\"app-1\"}}")) {
			assertThatThrownBy(() -> reader(vod).read("app-1000000"))
				.hasMessage("GetAppPlayKey for app-1000000 answered without a PlayKey");
		}
	}

	@Test
	void unreadableAnswerFailsWithoutQuotingIt() {
		try (StubVod vod = StubVod.answering(200, "{\"AppPlayKey\":{\"PlayKey\":\"" + PLAY_KEY + "\"")) {
			assertThatThrownBy(() -> reader(vod).read("app-1000000")).hasMessageContaining("unreadable JSON")
				.message()
				.doesNotContain(PLAY_KEY);
		}
	}

	private AppPlayKeyReader reader(StubVod vod) {
		return new AppPlayKeyReader(client, new VodTarget("cn-shanghai", vod.endpoint(), "http"));
	}
}
