package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

final class VideoLifecycleTest {

	private static final String KEY = "callbackKey1";

	private static VodEmulator emulator;
	private static DefaultAcsClient client;
	private static DisposableServer receiver;
	private static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
	private static final AtomicInteger answer = new AtomicInteger(200);

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults());
		client = Sdk.client("testAk", "testSecret");
		receiver = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> request.receive()
				.aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
					received.add(Map.of("timestamp", request.requestHeaders().get("X-VOD-TIMESTAMP"), "signature",
							request.requestHeaders().get("X-VOD-SIGNATURE"), "body", body));
					return response.status(answer.get()).send().then();
				})).bindNow();
	}

	@AfterAll
	static void stop() {
		emulator.close();
		receiver.disposeNow();
	}

	@BeforeEach
	void callbacksToTheReceiver() {
		received.clear();
		answer.set(200);
		emulator.videos().callbackTo(url(), KEY);
	}

	private static String url() {
		return "http://127.0.0.1:" + receiver.port() + "/v1/vod/events";
	}

	private static String fresh() {
		return java.util.UUID.randomUUID().toString().replace("-", "");
	}

	@Test
	void blockedVideoIsRefusedWithIllegalStatusAndTheSignedEventArrives() throws Exception {
		String id = fresh();
		assertThat(client.getAcsResponse(playInfo(id)).getPlayInfoList()).isNotEmpty();

		assertThat(emulator.videos().review(id, "Blocked")).isEqualTo(200);

		ClientException refused = catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(playInfo(id)));
		assertThat(refused.getErrCode()).isEqualTo("Forbidden.IllegalStatus");
		Map<String, String> event = received.get(0);
		assertThat(event.get("signature"))
				.isEqualTo(CallbackSender.signature(url(), event.get("timestamp"), KEY))
				.matches("[0-9a-f]{32}");
		assertThat(event.get("timestamp")).matches("[0-9]{10}");
		assertThat(event.get("body")).contains("\"EventType\":\"CreateAuditComplete\"", "\"MediaId\":\"" + id + "\"",
				"\"AuditStatus\":\"Blocked\"");
	}

	@Test
	void reviewBackToNormalMakesTheVideoPlayableAgain() throws Exception {
		String id = fresh();
		emulator.videos().review(id, "Blocked");
		emulator.videos().review(id, "Normal");
		assertThat(client.getAcsResponse(playInfo(id)).getPlayInfoList()).isNotEmpty();
	}

	@Test
	void deletedVideoIsNotFound() throws Exception {
		String id = fresh();
		emulator.videos().delete(id);
		ClientException missing = catchThrowableOfType(ClientException.class,
				() -> client.getAcsResponse(playAuth(id)));
		assertThat(missing.getErrCode()).isEqualTo("InvalidVideo.NotFound");
		assertThat(received.get(0).get("body")).contains("\"EventType\":\"DeleteMediaComplete\"",
				"\"DeleteType\":\"all\"");
	}

	@Test
	void streamsAddedToAStreamlessVideoArePlayable() throws Exception {
		String id = "NOSTREAM" + fresh().substring(8);
		assertThat(catchThrowableOfType(ClientException.class, () -> client.getAcsResponse(playInfo(id))).getErrCode())
				.isEqualTo("InvalidVideo.NoneStream");

		emulator.videos().addStreams(id);

		GetPlayInfoResponse info = client.getAcsResponse(playInfo(id));
		assertThat(info.getPlayInfoList()).isNotEmpty();
		assertThat(received.get(0).get("body")).contains("\"EventType\":\"TranscodeComplete\"",
				"\"VideoId\":\"" + id + "\"");
	}

	@Test
	void failedDeliveryIsTriedThreeTimesLikeVod() {
		answer.set(500);
		String id = fresh();
		assertThat(emulator.videos().retitle(id, "New title")).isEqualTo(500);
		assertThat(received).hasSize(3);
		assertThat(received.get(0).get("body")).contains("\"EventType\":\"MediaBaseChangeComplete\"");
	}

	@Test
	void adminApiChangesAVideoAndReportsTheDelivery() throws Exception {
		String id = fresh();
		HttpResponse<String> changed = RawHttp.post(RawHttp.admin(emulator, "videos/" + id + "?status=Blocked"));
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).contains("\"callbackStatus\":200", "\"attempts\":1");
		assertThat(RawHttp.get(RawHttp.admin(emulator, "videos/" + id)).body()).contains("\"status\":\"Blocked\"");
	}

	@Test
	void badAdminVideoRequestsChangeNothing() throws Exception {
		String id = fresh();
		for (String query : new String[] { "?status=Nope", "?deleted=maybe", "?streams=removed", "?color=red", "" }) {
			HttpResponse<String> refused = RawHttp.post(RawHttp.admin(emulator, "videos/" + id + query));
			assertThat(refused.statusCode()).as(query).isEqualTo(400);
		}
		assertThat(RawHttp.post(RawHttp.admin(emulator, "videos/short?status=Blocked")).statusCode()).isEqualTo(400);
		assertThat(RawHttp.get(RawHttp.admin(emulator, "videos/" + id)).body()).contains("\"status\":\"Normal\"");
		assertThat(received).isEmpty();
	}

	@Test
	void callbacksCanBeTurnedOffAndPointedElsewhere() throws Exception {
		assertThat(RawHttp.post(RawHttp.admin(emulator, "callback?off=true")).body()).isEqualTo("{\"on\":false}");
		assertThat(emulator.videos().review(fresh(), "Blocked")).isEqualTo(-1);
		assertThat(RawHttp.post(RawHttp.admin(emulator, "callback"), "{\"url\":\"" + url() + "\",\"key\":\"k2\"}")
				.body()).contains("\"on\":true");
		assertThat(RawHttp.post(RawHttp.admin(emulator, "callback?url=ftp://x&key=k")).statusCode()).isEqualTo(400);
		assertThat(received).isEmpty();
	}

	private static GetPlayInfoRequest playInfo(String id) {
		GetPlayInfoRequest request = Sdk.at(emulator, new GetPlayInfoRequest());
		request.setVideoId(id);
		return request;
	}

	private static GetVideoPlayAuthRequest playAuth(String id) {
		GetVideoPlayAuthRequest request = Sdk.at(emulator, new GetVideoPlayAuthRequest());
		request.setVideoId(id);
		return request;
	}
}
