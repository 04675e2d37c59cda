package dev.playgate.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

final class AdminTest {

	private static final String VIDEO = "abcdefabcdefabcdefabcdefabcdef12";

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest.of(UnaryOperator.identity());

	private static final DefaultAcsClient client = Sdk.client("testAk", "testSecret");

	@Test
	void statsAreServedAsJson() throws Exception {
		client.getAcsResponse(playInfo());

		HttpResponse<String> stats = RawHttp.get(RawHttp.admin(running.emulator(), "stats?top=5"));

		assertThat(stats.statusCode()).isEqualTo(200);
		assertThat(stats.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		assertThat(stats.body()).startsWith("{\"totalCalls\":1,\"rejected\":0,\"throttled\":0,")
				.contains("\"GetPlayInfo\":{\"calls\":1,\"throttled\":0,\"peakCallsPerSecond\":1,"
						+ "\"outcomes\":{\"OK\":1}}")
				.contains("\"videos\":{\"distinct\":1,\"untrackedCalls\":0,\"top\":[{\"videoId\":\"" + VIDEO
						+ "\",\"calls\":1}]}");
	}

	@Test
	void resetClearsTheStats() throws Exception {
		client.getAcsResponse(playInfo());

		HttpResponse<String> reset = RawHttp.post(RawHttp.admin(running.emulator(), "reset"));

		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(running.emulator().stats().totalCalls()).isZero();
	}

	@Test
	void faultsChangeFromAJsonBody() throws Exception {
		HttpResponse<String> changed = RawHttp.post(RawHttp.admin(running.emulator(), "faults"),
				"{\"outage\": true, \"latencyMs\": 5, \"jitterMs\": 2, \"qps.GetPlayInfo\": 7}");

		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).contains("\"outage\":true", "\"latencyMs\":5", "\"GetPlayInfo\":7");
		assertThat(running.emulator().faults().jitter()).isEqualTo(Duration.ofMillis(2));
		ServerException error = org.assertj.core.api.Assertions.catchThrowableOfType(ServerException.class,
				() -> client.getAcsResponse(playInfo()));
		assertThat(error.getErrCode()).isEqualTo("ServiceUnavailable");
	}

	@Test
	void faultsChangeFromQueryParameters() throws Exception {
		HttpResponse<String> changed = RawHttp.post(RawHttp.admin(running.emulator(),
				"faults?errorRate=1&errorCode=Forbidden&qps=9"));

		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(running.emulator().faults().errorStatus()).isEqualTo(403);
		assertThat(running.emulator().faults().qps("GetVideoPlayAuth")).isEqualTo(9);
		ClientException error = org.assertj.core.api.Assertions.catchThrowableOfType(ClientException.class,
				() -> client.getAcsResponse(playInfo()));
		assertThat(error.getErrCode()).isEqualTo("Forbidden");
	}

	@Test
	void faultsAreReadBack() throws Exception {
		running.emulator().faults().hang(true);

		HttpResponse<String> faults = RawHttp.get(RawHttp.admin(running.emulator(), "faults"));

		assertThat(faults.body()).contains("\"hang\":true", "\"qps\":{\"GetVideoPlayAuth\":360");
	}

	@Test
	void badFaultRequestsChangeNothing() throws Exception {
		for (String body : new String[] { "{\"qps\": 0}", "{\"outage\": \"maybe\"}", "{\"errorRate\": 2}",
				"{\"qps.NoSuchAction\": 3}", "{\"speed\": 1}", "not json" }) {
			HttpResponse<String> refused = RawHttp.post(RawHttp.admin(running.emulator(), "faults"), body);

			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(refused.body()).as(body).startsWith("{\"error\":");
		}
		assertThat(running.emulator().faults().toJson()).isEqualTo(running.emulator().faults().clear().toJson());
	}

	@Test
	void healthAndUnknownResources() throws Exception {
		assertThat(RawHttp.get(RawHttp.admin(running.emulator(), "health")).body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(RawHttp.get(RawHttp.admin(running.emulator(), "nothing")).statusCode()).isEqualTo(404);
		assertThat(RawHttp.get(RawHttp.admin(running.emulator(), "reset")).statusCode()).isEqualTo(405);
	}

	@Test
	void adminCallsAreNotCounted() throws Exception {
		RawHttp.get(RawHttp.admin(running.emulator(), "stats"));

		assertThat(running.emulator().stats().totalCalls()).isZero();
	}

	private static GetPlayInfoRequest playInfo() {
		GetPlayInfoRequest request = Sdk.at(running.emulator(), new GetPlayInfoRequest());
		request.setVideoId(VIDEO);
		return request;
	}
}
