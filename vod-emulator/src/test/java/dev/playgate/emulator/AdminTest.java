package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class AdminTest {

	private static final String VIDEO = "abcdefabcdefabcdefabcdefabcdef12";

	private static VodEmulator emulator;
	private static DefaultAcsClient client;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults());
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
	void statsAreServedAsJson() throws Exception {
		client.getAcsResponse(playInfo());

		HttpResponse<String> stats = RawHttp.get(RawHttp.admin(emulator, "stats?top=5"));

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

		HttpResponse<String> reset = RawHttp.post(RawHttp.admin(emulator, "reset"));

		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(emulator.stats().totalCalls()).isZero();
	}

	@Test
	void faultsChangeFromAJsonBody() throws Exception {
		HttpResponse<String> changed = RawHttp.post(RawHttp.admin(emulator, "faults"),
				"{\"outage\": true, \"latencyMs\": 5, \"jitterMs\": 2, \"qps.GetPlayInfo\": 7}");

		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).contains("\"outage\":true", "\"latencyMs\":5", "\"GetPlayInfo\":7");
		assertThat(emulator.faults().jitter()).isEqualTo(Duration.ofMillis(2));
		ServerException error = org.assertj.core.api.Assertions.catchThrowableOfType(ServerException.class,
				() -> client.getAcsResponse(playInfo()));
		assertThat(error.getErrCode()).isEqualTo("ServiceUnavailable");
	}

	@Test
	void faultsChangeFromQueryParameters() throws Exception {
		HttpResponse<String> changed = RawHttp.post(RawHttp.admin(emulator,
				"faults?errorRate=1&errorCode=Forbidden&qps=9"));

		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(emulator.faults().errorStatus()).isEqualTo(403);
		assertThat(emulator.faults().qps("GetVideoPlayAuth")).isEqualTo(9);
		ClientException error = org.assertj.core.api.Assertions.catchThrowableOfType(ClientException.class,
				() -> client.getAcsResponse(playInfo()));
		assertThat(error.getErrCode()).isEqualTo("Forbidden");
	}

	@Test
	void faultsAreReadBack() throws Exception {
		emulator.faults().hang(true);

		HttpResponse<String> faults = RawHttp.get(RawHttp.admin(emulator, "faults"));

		assertThat(faults.body()).contains("\"hang\":true", "\"qps\":{\"GetVideoPlayAuth\":360");
	}

	@Test
	void badFaultRequestsChangeNothing() throws Exception {
		for (String body : new String[] { "{\"qps\": 0}", "{\"outage\": \"maybe\"}", "{\"errorRate\": 2}",
				"{\"qps.NoSuchAction\": 3}", "{\"speed\": 1}", "not json" }) {
			HttpResponse<String> refused = RawHttp.post(RawHttp.admin(emulator, "faults"), body);

			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(refused.body()).as(body).startsWith("{\"error\":");
		}
		assertThat(emulator.faults().toJson()).isEqualTo(emulator.faults().clear().toJson());
	}

	@Test
	void healthAndUnknownResources() throws Exception {
		assertThat(RawHttp.get(RawHttp.admin(emulator, "health")).body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(RawHttp.get(RawHttp.admin(emulator, "nothing")).statusCode()).isEqualTo(404);
		assertThat(RawHttp.get(RawHttp.admin(emulator, "reset")).statusCode()).isEqualTo(405);
	}

	@Test
	void adminCallsAreNotCounted() throws Exception {
		RawHttp.get(RawHttp.admin(emulator, "stats"));

		assertThat(emulator.stats().totalCalls()).isZero();
	}

	private static GetPlayInfoRequest playInfo() {
		GetPlayInfoRequest request = Sdk.at(emulator, new GetPlayInfoRequest());
		request.setVideoId(VIDEO);
		return request;
	}
}
