package dev.playgate.emulator;

import java.time.Duration;
import java.util.function.UnaryOperator;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class FaultsTest {

	private static final String VIDEO = "ffffffffffffffffffffffffffffffff";

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest.withMovableClock(UnaryOperator.identity());

	private static final DefaultAcsClient client = Sdk.client("testAk", "testSecret");

	@Test
	void callsBeyondTheQuotaAreThrottledAsClientErrors() throws ClientException {
		running.emulator().faults().qps("GetPlayInfo", 2);
		client.getAcsResponse(playInfo());
		client.getAcsResponse(playInfo());

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(playInfo()));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("Throttling.User");
		assertThat(running.emulator().stats().throttled("GetPlayInfo")).isEqualTo(1);
		assertThat(running.emulator().stats().calls("GetPlayInfo")).isEqualTo(3);
		assertThat(client.getAcsResponse(playAuth()).getPlayAuth()).as("quotas are per action").isNotBlank();
	}

	@Test
	void quotaRefillsAfterOneSecond() throws ClientException {
		running.emulator().faults().qps(1);
		client.getAcsResponse(playInfo());
		assertThat(catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(playInfo()))).isNotNull();

		running.clock().advance(Duration.ofSeconds(1));

		assertThat(client.getAcsResponse(playInfo()).getPlayInfoList()).isNotEmpty();
	}

	@Test
	void outageAnswersServiceUnavailableAsServerException() {
		running.emulator().faults().outage(true);

		ServerException error = catchThrowableOfType(ServerException.class, () -> client.getAcsResponse(playInfo()));

		assertThat(error.getErrCode()).isEqualTo("ServiceUnavailable");
		assertThat(running.emulator().stats().calls("GetPlayInfo", "ServiceUnavailable")).isEqualTo(1);
	}

	@Test
	void injectedInternalErrorIsServerException() {
		running.emulator().faults().errorRate(1.0, "InternalError");

		ServerException error = catchThrowableOfType(ServerException.class, () -> client.getAcsResponse(playAuth()));

		assertThat(error.getErrCode()).isEqualTo("InternalError");
	}

	@Test
	void injectedThrottlingIsAClientError() {
		running.emulator().faults().errorRate(1.0, "Throttling.User");

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(playAuth()));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("Throttling.User");
	}

	@Test
	void errorRateFailsExactlyThatFractionOfCalls() {
		running.emulator().faults().errorRate(0.25, "ServiceUnavailable");
		int failed = 0;
		for (int i = 0; i < 8; i++) {
			try {
				client.getAcsResponse(playInfo());
			}
			catch (ClientException ex) {
				assertThat(ex).isInstanceOf(ServerException.class);
				failed++;
			}
		}

		assertThat(failed).isEqualTo(2);
		assertThat(running.emulator().stats().calls("GetPlayInfo", "ServiceUnavailable")).isEqualTo(2);
	}

	@Test
	void latencyLongerThanTheReadTimeoutTimesTheSdkOut() throws ClientException {
		running.emulator().faults().latency(Duration.ofMillis(800), Duration.ZERO);
		GetPlayInfoRequest impatient = playInfo();
		impatient.setSysReadTimeout(200);

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(impatient));

		assertThat(error.getErrCode()).isEqualTo("SDK.ReadTimeout");
		assertThat(client.getAcsResponse(playInfo()).getPlayInfoList()).as("a patient caller still gets it")
				.isNotEmpty();
	}

	@Test
	void hangNeverAnswersUntilTurnedOff() throws ClientException {
		running.emulator().faults().hang(true);
		GetPlayInfoRequest request = playInfo();
		request.setSysReadTimeout(300);

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(request));

		assertThat(error.getErrCode()).isEqualTo("SDK.ReadTimeout");
		assertThat(running.emulator().stats().calls("GetPlayInfo", "Hang")).isEqualTo(1);
		running.emulator().faults().hang(false);
		assertThat(client.getAcsResponse(playInfo()).getPlayInfoList()).isNotEmpty();
	}

	@Test
	void clearRestoresTheStartUpSettings() {
		running.emulator().faults().qps(1).outage(true).errorRate(0.5, "InternalError").hang(true)
				.latency(Duration.ofSeconds(1), Duration.ofSeconds(1));

		running.emulator().faults().clear();

		assertThat(running.emulator().faults().qps("GetPlayInfo")).isEqualTo(360);
		assertThat(running.emulator().faults().outage()).isFalse();
		assertThat(running.emulator().faults().hang()).isFalse();
		assertThat(running.emulator().faults().errorRate()).isZero();
		assertThat(running.emulator().faults().latency()).isZero();
	}

	private static GetPlayInfoRequest playInfo() {
		GetPlayInfoRequest request = Sdk.at(running.emulator(), new GetPlayInfoRequest());
		request.setVideoId(VIDEO);
		return request;
	}

	private static GetVideoPlayAuthRequest playAuth() {
		GetVideoPlayAuthRequest request = Sdk.at(running.emulator(), new GetVideoPlayAuthRequest());
		request.setVideoId(VIDEO);
		return request;
	}
}
