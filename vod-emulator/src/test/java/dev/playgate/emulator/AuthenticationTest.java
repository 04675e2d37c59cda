package dev.playgate.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.vod.model.v20170321.GetVideoInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoInfoResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class AuthenticationTest {

	private static final String VIDEO = "0123456789abcdef0123456789ABCDEF";

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest.withMovableClock(options -> options
		.withCredentials("testAk", "testSecret")
		.plusAccessKey(AccessKey.sts("STS.stsAk", "stsSecret", "token-123")));

	@Test
	void correctlySignedCallSucceeds() throws ClientException {
		GetVideoInfoResponse response = Sdk.client("testAk", "testSecret").getAcsResponse(videoInfo());

		assertThat(response.getVideo().getVideoId()).isEqualTo(VIDEO);
		assertThat(running.emulator().stats().rejected()).isZero();
	}

	@Test
	void wrongSecretBecomesSdkInvalidAccessKeySecret() {
		ClientException error = failure(Sdk.client("testAk", "wrongSecret"));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");
		assertThat(running.emulator().stats().rejected()).isEqualTo(1);
		assertThat(running.emulator().stats().calls("GetVideoInfo", "SignatureDoesNotMatch")).isEqualTo(1);
	}

	@Test
	void unknownAccessKeyIdIsNotFound() {
		ClientException error = failure(Sdk.client("nobody", "testSecret"));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
		assertThat(error.getRequestId()).isNotBlank();
	}

	@Test
	void timestampOutsideFifteenMinutesIsExpired() {
		running.clock().advance(Duration.ofMinutes(16));

		ClientException error = failure(Sdk.client("testAk", "testSecret"));

		assertThat(error.getErrCode()).isEqualTo("InvalidTimeStamp.Expired");
		assertThat(running.emulator().stats().rejected()).isEqualTo(1);
	}

	@Test
	void timestampWithinFifteenMinutesIsAccepted() throws ClientException {
		running.clock().advance(Duration.ofMinutes(14));

		assertThat(Sdk.client("testAk", "testSecret").getAcsResponse(videoInfo()).getVideo()).isNotNull();
	}

	@Test
	void replayedNonceIsRefused() throws Exception {
		String url = RawHttp.signedUrl(running.emulator(), videoInfo(), "testAk", "testSecret");

		HttpResponse<String> first = RawHttp.post(url);
		HttpResponse<String> replay = RawHttp.post(url);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(replay.body()).contains("\"Code\":\"SignatureNonceUsed\"");
		assertThat(running.emulator().stats().rejected()).isEqualTo(1);
	}

	@Test
	void resetForgetsNonces() throws Exception {
		String url = RawHttp.signedUrl(running.emulator(), videoInfo(), "testAk", "testSecret");
		RawHttp.post(url);

		running.emulator().reset();

		assertThat(RawHttp.post(url).statusCode()).isEqualTo(200);
	}

	@Test
	void stsCredentialsWithTheirTokenSucceed() throws ClientException {
		DefaultAcsClient client = Sdk.stsClient("STS.stsAk", "stsSecret", "token-123");

		assertThat(client.getAcsResponse(videoInfo()).getVideo().getVideoId()).isEqualTo(VIDEO);
	}

	@Test
	void stsCredentialsWithAnotherTokenAreRefused() {
		ClientException error = failure(Sdk.stsClient("STS.stsAk", "stsSecret", "token-999"));

		assertThat(error.getErrCode()).isEqualTo("InvalidSecurityToken.MismatchWithAccessKey");
	}

	@Test
	void stsCredentialsWithoutTokenAreRefused() {
		ClientException error = failure(Sdk.client("STS.stsAk", "stsSecret"));

		assertThat(error.getErrCode()).isEqualTo("MissingSecurityToken");
	}

	@Test
	void getMethodIsSignedWithGet() throws ClientException {
		GetVideoInfoRequest request = videoInfo();
		request.setSysMethod(MethodType.GET);

		assertThat(Sdk.client("testAk", "testSecret").getAcsResponse(request).getVideo()).isNotNull();
	}

	@Test
	void formBodyParametersAreReadAndSigned() throws ClientException {
		CommonRequest request = new CommonRequest();
		request.setSysDomain(running.emulator().endpoint());
		request.setSysVersion("2017-03-21");
		request.setSysAction("GetVideoInfo");
		request.setSysMethod(MethodType.POST);
		request.putBodyParameter("VideoId", VIDEO);

		CommonResponse response = Sdk.client("testAk", "testSecret").getCommonResponse(request);

		assertThat(response.getHttpStatus()).isEqualTo(200);
		assertThat(response.getData()).contains("\"VideoId\":\"" + VIDEO + "\"");
	}

	private static ClientException failure(DefaultAcsClient client) {
		return catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(videoInfo()));
	}

	private static GetVideoInfoRequest videoInfo() {
		GetVideoInfoRequest request = Sdk.at(running.emulator(), new GetVideoInfoRequest());
		request.setVideoId(VIDEO);
		return request;
	}
}
