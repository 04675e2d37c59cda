package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class CdnEdgeTest {

	private static final String VIDEO = "c1b2c3d4e5f60718293a4b5c6d7e8f90";
	private static final String KEY = "edgeTestKey42";

	private static MutableClock clock;
	private static VodEmulator emulator;
	private static DefaultAcsClient client;

	@BeforeAll
	static void start() {
		clock = MutableClock.ofNow();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withClock(clock),
				CdnOptions.defaults().withKey(KEY).withValidity(Duration.ofSeconds(30)));
		client = Sdk.client(EmulatorOptions.DEFAULT_ACCESS_KEY_ID, EmulatorOptions.DEFAULT_ACCESS_KEY_SECRET);
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void urlTheEmulatorSignedWithItsCdnKeyPlaysAtTheEdge() throws Exception {
		HttpResponse<String> answer = RawHttp.get(atEdge(playUrl(600)));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("X-Tengine-Error")).isEmpty();
	}

	@Test
	void signatureWithTheKeyOfAnotherDomainIsRefusedAsInvalidMd5hash() throws Exception {
		String path = "/v/" + VIDEO + "/hd.mp4";
		String stem = (clock.millis() / 1000 + 600) + "-0-0";
		String url = "https://vod.emulator.test" + path + "?auth_key=" + stem + "-"
				+ PlayUrls.hash(path + "-" + stem + "-" + CdnOptions.DEFAULT_KEY);

		HttpResponse<String> answer = RawHttp.get(atEdge(url));

		assertThat(answer.statusCode()).isEqualTo(403);
		assertThat(answer.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
				reason -> assertThat(reason).startsWith("denied by req auth: invalid md5hash="));
	}

	@Test
	void tamperedPathIsRefusedAsInvalidMd5hash() throws Exception {
		String url = playUrl(600).replace(".m3u8?", "-4k.m3u8?");

		assertThat(reason(url)).startsWith("denied by req auth: invalid md5hash=");
	}

	@Test
	void tamperedTimestampIsRefusedAsInvalidMd5hash() throws Exception {
		String url = playUrl(600);
		int start = url.indexOf("auth_key=") + "auth_key=".length();
		long timestamp = Long.parseLong(url.substring(start, url.indexOf('-', start)));
		String tampered = url.substring(0, start) + (timestamp + 86_400) + url.substring(url.indexOf('-', start));

		assertThat(reason(tampered)).startsWith("denied by req auth: invalid md5hash=");
	}

	@Test
	void urlIsServedUntilTimestampPlusValidityAndRefusedAsExpiredAfter() throws Exception {
		String url = playUrl(60);

		clock.advance(Duration.ofSeconds(60 + 30));
		HttpResponse<String> lastSecond = RawHttp.get(atEdge(url));
		clock.advance(Duration.ofSeconds(2));
		String reason = reason(url);

		assertThat(lastSecond.statusCode()).isEqualTo(200);
		assertThat(reason).startsWith("denied by req auth: expired timestamp=");
	}

	@Test
	void missingOrMalformedAuthKeyIsRefused() throws Exception {
		String url = playUrl(600);
		String bare = url.substring(0, url.indexOf('?'));

		assertThat(reason(bare)).isEqualTo("denied by req auth: no auth_key");
		assertThat(reason(bare + "?auth_key=12-0-0")).startsWith("denied by req auth: invalid auth_key=");
		assertThat(reason(bare + "?auth_key=notanumber-0-0-abc")).startsWith("denied by req auth: invalid auth_key=");
	}

	@ParameterizedTest
	@EnumSource(names = { "B", "C" })
	void urlTheEmulatorSignedWithTypeBOrCPlaysUntilItsTimestampPlusValidity(CdnAuthType type) throws Exception {
		MutableClock typeClock = MutableClock.ofNow();
		try (VodEmulator typed = VodEmulator.start(EmulatorOptions.defaults().withClock(typeClock),
				CdnOptions.defaults().withKey(KEY).withValidity(Duration.ofSeconds(30)).withAuthType(type))) {
			String url = playUrl(typed, 60);
			HttpResponse<String> fresh = RawHttp.get(atEdge(typed, url));
			// type B writes the expiry's minute, rounded up: at most 59 s more than asked
			typeClock.advance(Duration.ofSeconds(60 + 30 + (type == CdnAuthType.B ? 60 : 0) + 1));
			HttpResponse<String> expired = RawHttp.get(atEdge(typed, url));

			assertThat(url).doesNotContain("auth_key").doesNotContain("?");
			assertThat(fresh.statusCode()).isEqualTo(200);
			assertThat(expired.statusCode()).isEqualTo(403);
			assertThat(expired.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
					reason -> assertThat(reason).startsWith("denied by req auth: expired timestamp="));
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "B", "C" })
	void typeBOrCEdgeRefusesATamperedPathAndATypeAUrl(CdnAuthType type) throws Exception {
		try (VodEmulator typed = VodEmulator.start(EmulatorOptions.defaults(),
				CdnOptions.defaults().withKey(KEY).withAuthType(type))) {
			String tampered = playUrl(typed, 600).replace(".m3u8", "-4k.m3u8");
			HttpResponse<String> refused = RawHttp.get(atEdge(typed, tampered));
			HttpResponse<String> typeA = RawHttp.get(atEdge(typed, playUrl(600)));

			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
					reason -> assertThat(reason).startsWith("denied by req auth: invalid md5hash="));
			assertThat(typeA.statusCode()).isEqualTo(403);
			assertThat(typeA.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
					reason -> assertThat(reason).startsWith("denied by req auth: no "));
		}
	}

	private static String reason(String playUrl) throws Exception {
		HttpResponse<String> answer = RawHttp.get(atEdge(playUrl));
		assertThat(answer.statusCode()).isEqualTo(403);
		return answer.headers().firstValue("X-Tengine-Error").orElseThrow();
	}

	private static String playUrl(long authTimeout) throws Exception {
		return playUrl(emulator, authTimeout);
	}

	private static String playUrl(VodEmulator from, long authTimeout) throws Exception {
		GetPlayInfoRequest request = Sdk.at(from, new GetPlayInfoRequest());
		request.setVideoId(VIDEO);
		request.setFormats("m3u8");
		request.setAuthTimeout(authTimeout);
		return client.getAcsResponse(request).getPlayInfoList().get(0).getPlayURL();
	}

	private static String atEdge(String playUrl) {
		return atEdge(emulator, playUrl);
	}

	private static String atEdge(VodEmulator edge, String playUrl) {
		URI uri = URI.create(playUrl);
		return edge.cdnEdge() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
	}
}
