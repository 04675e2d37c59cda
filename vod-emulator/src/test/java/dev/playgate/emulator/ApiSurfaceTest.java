package dev.playgate.emulator;

import java.util.function.UnaryOperator;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class ApiSurfaceTest {

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest.of(UnaryOperator.identity());

	private static final DefaultAcsClient client = Sdk.client("testAk", "testSecret");

	@Test
	void appPlayKeyIsStablePerApplication() throws ClientException {
		CommonResponse first = client.getCommonResponse(request("GetAppPlayKey"));
		CommonResponse again = client.getCommonResponse(request("GetAppPlayKey"));

		assertThat(first.getHttpStatus()).isEqualTo(200);
		assertThat(first.getData()).contains("\"AppPlayKey\":{\"AppId\":\"app-1000000\",\"PlayKey\":\""
				+ AppPlayKeyAction.playKey("app-1000000") + "\"");
		assertThat(AppPlayKeyAction.playKey("app-1000000")).matches("[A-Za-z0-9]{8,20}");
		assertThat(again.getData().replaceAll("\"RequestId\":\"[^\"]+\"", ""))
				.isEqualTo(first.getData().replaceAll("\"RequestId\":\"[^\"]+\"", ""));
		assertThat(running.emulator().stats().calls("GetAppPlayKey", "OK")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void unknownAppIdIsRefused() {
		CommonRequest request = request("GetAppPlayKey");
		request.putQueryParameter("AppId", "nope");

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getCommonResponse(request));

		assertThat(error.getErrCode()).isEqualTo("AppNotExist");
	}

	@Test
	void unknownActionIsInvalidApiNotFound() {
		ClientException error = catchThrowableOfType(ClientException.class,
				() -> client.getCommonResponse(request("DeleteVideo")));

		assertThat(error).isNotInstanceOf(ServerException.class);
		assertThat(error.getErrCode()).isEqualTo("InvalidApi.NotFound");
		assertThat(running.emulator().stats().unknownActionCalls()).isPositive();
	}

	@Test
	void otherApiVersionIsInvalidApiNotFound() {
		CommonRequest request = request("GetPlayInfo");
		request.setSysVersion("2099-01-01");

		ClientException error = catchThrowableOfType(ClientException.class, () -> client.getCommonResponse(request));

		assertThat(error.getErrCode()).isEqualTo("InvalidApi.NotFound");
	}

	private static CommonRequest request(String action) {
		CommonRequest request = new CommonRequest();
		request.setSysDomain(running.emulator().endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		request.setSysVersion("2017-03-21");
		request.setSysAction(action);
		request.setSysMethod(MethodType.POST);
		request.setSysReadTimeout(5_000);
		return request;
	}
}
