package dev.playgate.emulator;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.UnaryOperator;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse.PlayInfo;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class PlayInfoTest {

	private static final String VIDEO = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest.withMovableClock(UnaryOperator.identity());

	private static final DefaultAcsClient client = Sdk.client(EmulatorOptions.DEFAULT_ACCESS_KEY_ID,
			EmulatorOptions.DEFAULT_ACCESS_KEY_SECRET);

	@Test
	void defaultAnswerListsTheNewestStreamPerDefinitionAndFormat() throws ClientException {
		GetPlayInfoResponse response = client.getAcsResponse(playInfo());

		assertThat(response.getPlayInfoList()).hasSize(7)
				.extracting(p -> p.getDefinition() + "/" + p.getFormat())
				.containsExactlyInAnyOrder("LD/m3u8", "LD/mp4", "SD/m3u8", "SD/mp4", "HD/m3u8", "HD/mp4", "SQ/mp3");
		assertThat(response.getVideoBase().getVideoId()).isEqualTo(VIDEO);
		assertThat(response.getVideoBase().getStatus()).isEqualTo("Normal");
		assertThat(response.getVideoBase().getOutputType()).isEqualTo("cdn");
		assertThat(Double.parseDouble(response.getVideoBase().getDuration())).isPositive();
		assertThat(response.getVideoBase().getThumbnailList()).singleElement()
				.satisfies(t -> assertThat(t.getURL()).startsWith("https://"));
	}

	@Test
	void playInfoFieldsHaveTheSdkTypes() throws ClientException {
		PlayInfo hd = client.getAcsResponse(playInfo()).getPlayInfoList().stream()
				.filter(p -> p.getDefinition().equals("HD") && p.getFormat().equals("mp4")).findFirst().orElseThrow();

		assertThat(hd.getWidth()).isEqualTo(1280L);
		assertThat(hd.getHeight()).isEqualTo(720L);
		assertThat(hd.getSize()).isPositive();
		assertThat(hd.getEncrypt()).isZero();
		assertThat(hd.getBitDepth()).isEqualTo(8);
		assertThat(hd.getStreamType()).isEqualTo("video");
		assertThat(hd.getStatus()).isEqualTo("Normal");
		assertThat(Double.parseDouble(hd.getBitrate())).isBetween(1000.0, 2000.0);
		assertThat(hd.getJobId()).matches("[0-9a-f]{32}");
	}

	@Test
	void multipleResultTypeAlsoListsOlderTranscodes() throws ClientException {
		GetPlayInfoRequest request = playInfo();
		request.setResultType("Multiple");

		assertThat(client.getAcsResponse(request).getPlayInfoList()).hasSize(8);
	}

	@Test
	void formatsDefinitionAndStreamTypeFilterTheStreams() throws ClientException {
		GetPlayInfoRequest mp4 = playInfo();
		mp4.setFormats("mp4");
		GetPlayInfoRequest hdM3u8 = playInfo();
		hdM3u8.setFormats("m3u8,flv");
		hdM3u8.setDefinition("HD");
		GetPlayInfoRequest audio = playInfo();
		audio.setStreamType("audio");

		assertThat(client.getAcsResponse(mp4).getPlayInfoList()).extracting(PlayInfo::getFormat).containsOnly("mp4")
				.hasSize(3);
		assertThat(client.getAcsResponse(hdM3u8).getPlayInfoList()).singleElement()
				.satisfies(p -> assertThat(p.getPlayURL()).contains(".m3u8?"));
		assertThat(client.getAcsResponse(audio).getPlayInfoList()).singleElement()
				.satisfies(p -> assertThat(p.getFormat()).isEqualTo("mp3"));
	}

	@Test
	void filterMatchingNothingIsNoneStream() {
		GetPlayInfoRequest request = playInfo();
		request.setDefinition("4K");

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("InvalidVideo.NoneStream");
	}

	@Test
	void authKeyTimestampIsArrivalPlusAuthTimeoutAndItsHashVerifies() throws ClientException {
		GetPlayInfoRequest request = playInfo();
		request.setAuthTimeout(1800L);
		request.setPlayConfig("{\"PlayDomain\":\"play.example.com\"}");

		String url = client.getAcsResponse(request).getPlayInfoList().get(0).getPlayURL();

		URI uri = URI.create(url);
		assertThat(uri.getHost()).isEqualTo("play.example.com");
		String[] authKey = uri.getQuery().substring("auth_key=".length()).split("-");
		assertThat(Long.parseLong(authKey[0])).isEqualTo(running.clock().millis() / 1000 + 1800);
		assertThat(authKey[1]).isEqualTo("0");
		assertThat(authKey[2]).isEqualTo("0");
		assertThat(authKey[3])
				.isEqualTo(PlayUrls.hash(uri.getPath() + "-" + authKey[0] + "-0-0-" + PlayUrls.PRIVATE_KEY));
	}

	@Test
	void reAuthInfoGoesIntoTheAuthKey() throws ClientException {
		GetPlayInfoRequest request = playInfo();
		request.setReAuthInfo("{\"uid\":\"12345\",\"rand\":\"abckljd\"}");

		String url = client.getAcsResponse(request).getPlayInfoList().get(0).getPlayURL();

		assertThat(url).containsPattern("auth_key=[0-9]+-abckljd-12345-[0-9a-f]{32}$");
	}

	@Test
	void ossOutputTypeSignsWithExpires() throws ClientException {
		GetPlayInfoRequest request = playInfo();
		request.setOutputType("oss");
		request.setAuthTimeout(60L);

		GetPlayInfoResponse response = client.getAcsResponse(request);

		assertThat(response.getVideoBase().getOutputType()).isEqualTo("oss");
		assertThat(response.getPlayInfoList().get(0).getPlayURL())
				.contains("Expires=" + (running.clock().millis() / 1000 + 60) + "&OSSAccessKeyId=");
	}

	@Test
	void invalidParametersAreRefused() {
		for (List<String> bad : List.of(List.of("AuthTimeout", "0"), List.of("ResultType", "All"),
				List.of("OutputType", "ftp"), List.of("PlayConfig", "{not json"))) {
			GetPlayInfoRequest request = playInfo();
			request.putQueryParameter(bad.get(0), bad.get(1));

			ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

			assertThat(error.getErrCode()).as(bad.toString()).isEqualTo("InvalidParameter");
		}
	}

	@Test
	void nonAsciiTitlesArriveIntactAsRawUtf8() throws Exception {
		String chinese = "00000000000000000000000000000000";
		for (int i = 0; !new Catalogue().find(chinese).title().matches(".*[\\u4e00-\\u9fff].*"); i++) {
			chinese = String.format("%032d", i);
		}
		GetPlayInfoRequest request = playInfo();
		request.setVideoId(chinese);

		assertThat(client.getAcsResponse(request).getVideoBase().getTitle())
				.isEqualTo(new Catalogue().find(chinese).title());
		HttpResponse<String> raw = RawHttp.post(RawHttp.signedUrl(running.emulator(), request, "testAk", "testSecret"));
		assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		assertThat(raw.body()).doesNotContain("\\u").contains(new Catalogue().find(chinese).title())
				.contains("\"PlayInfoList\":{\"PlayInfo\":[").contains("\"Width\":1280,");
	}

	private static GetPlayInfoRequest playInfo() {
		GetPlayInfoRequest request = Sdk.at(running.emulator(), new GetPlayInfoRequest());
		request.setVideoId(VIDEO);
		return request;
	}
}
