package dev.playgate.gateway.upstream;

import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.time.FakeTime;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The Reactor Netty VOD client against a stand-in VOD on loopback that answers what each test tells it. */
final class NettyVodClientTest {

	private static final VideoId VIDEO = VideoId.parse("0123456789abcdef0123456789ABCDEF");

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeTime time = FakeTime.startingAt(NOW);

	private final AtomicReference<BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>>> vod =
			new AtomicReference<>();

	private final AtomicReference<HttpServerRequest> asked = new AtomicReference<>();

	private final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
		asked.set(request);
		return request.receive().then(Mono.defer(() -> Mono.from(vod.get().apply(request, response))));
	}).bindNow();

	private NettyVodClient client = client(server.port(), Duration.ofSeconds(3));

	@AfterEach
	void stop() {
		client.close();
		server.disposeNow();
	}

	private NettyVodClient client(int port, Duration readTimeout) {
		VodProperties properties = new VodProperties("cn-shanghai", "127.0.0.1:" + port, "http", "testAk",
				"testSecret", null, Duration.ofSeconds(2), readTimeout, 4, Duration.ofSeconds(30),
				VodProperties.Transport.NETTY);
		return NettyVodClient.of(properties, 4, time);
	}

	private void answer(int status, String contentType, String body) {
		vod.set((request, response) -> response.status(status).header("Content-Type", contentType).sendString(
				Mono.just(body)));
	}

	private static VodCall playAuth() {
		return new VodCall(CredentialKey.of(Action.PLAY_AUTH, VIDEO, Map.of("AuthInfoTimeout", "3000")),
				Duration.ofSeconds(3000), NOW.plusSeconds(2970), null);
	}

	@Test
	void playAuthIsAPostToTheRootWithEveryParameterSignedInTheQueryAndNoBody() {
		answer(200, "application/json;charset=utf-8",
				"{\"RequestId\":\"r-1\",\"PlayAuth\":\"opaque\",\"VideoMeta\":{\"Title\":\"t\",\"Duration\":\"12.5\"}}");

		byte[] body = client.send(playAuth()).block(TIMEOUT);

		HttpServerRequest request = asked.get();
		assertThat(request.method().name()).isEqualTo("POST");
		assertThat(request.uri()).startsWith("/?");
		assertThat(request.requestHeaders().get("Content-Length")).isEqualTo("0");
		Map<String, String> query = query(request.uri());
		assertThat(query).containsEntry("Action", "GetVideoPlayAuth")
			.containsEntry("VideoId", VIDEO.value())
			.containsEntry("AuthInfoTimeout", "3000")
			.containsEntry("AccessKeyId", "testAk")
			.containsEntry("Timestamp", "2026-12-03T10:00:00Z")
			.containsKey("Signature");
		JsonNode answer = VodUpstreamTest.json(body);
		assertThat(answer.get("playAuth").asString()).isEqualTo("opaque");
		assertThat(answer.get("requestId").asString()).isEqualTo("r-1");
		assertThat(answer.get("expiresAt").asString()).isEqualTo("2026-12-03T10:49:30Z");
		assertThat(answer.get("videoMeta").get("duration").asDouble()).isEqualTo(12.5);
	}

	@Test
	void playInfoSendsTheKeysOptionsAndThePlayConfig() {
		answer(200, "application/json", "{\"RequestId\":\"r-2\",\"PlayInfoList\":{\"PlayInfo\":[{\"PlayURL\":\"u\"}]}}");
		CredentialKey key = CredentialKey.of(Action.PLAY_INFO, VIDEO,
				Map.of("AuthTimeout", "600", "Formats", "m3u8", "Definition", "HD"));

		byte[] body = client.send(new VodCall(key, Duration.ofSeconds(600), NOW.plusSeconds(570),
				"{\"PlayDomain\":\"cdn.example.com\"}")).block(TIMEOUT);

		assertThat(query(asked.get().uri())).containsEntry("Action", "GetPlayInfo")
			.containsEntry("AuthTimeout", "600")
			.containsEntry("Formats", "m3u8")
			.containsEntry("Definition", "HD")
			.containsEntry("PlayConfig", "{\"PlayDomain\":\"cdn.example.com\"}")
			.doesNotContainKey("StreamType");
		assertThat(VodUpstreamTest.json(body).get("playInfos").get(0).get("playUrl").asString()).isEqualTo("u");
	}

	@Test
	void answerArrivesOnAnEventLoopNotOnAWorkerThread() {
		answer(200, "application/json", "{\"PlayAuth\":\"p\"}");
		AtomicReference<String> thread = new AtomicReference<>();

		client.send(playAuth()).doOnNext(body -> thread.set(Thread.currentThread().getName())).block(TIMEOUT);

		assertThat(thread.get()).startsWith("reactor-http-");
	}

	@Test
	void callSentFromAnyEventLoopIsAnsweredOnThatLoop() throws Exception {
		answer(200, "application/json", "{\"PlayAuth\":\"p\"}");

		for (EventExecutor loop : HttpResources.get().onServer(LoopResources.DEFAULT_NATIVE)) {
			for (int call = 0; call < 3; call++) {
				CompletableFuture<Boolean> onThatLoop = new CompletableFuture<>();
				loop.execute(() -> client.send(playAuth())
					.subscribe(body -> onThatLoop.complete(loop.inEventLoop()), onThatLoop::completeExceptionally));

				assertThat(onThatLoop.get(10, TimeUnit.SECONDS)).as("answered on " + loop).isTrue();
			}
		}
	}

	@Test
	void errorAnswerMeansWhatItsCodeSaysAndKeepsItsRequestId() {
		answer(404, "application/json", "{\"RequestId\":\"r-3\",\"Code\":\"InvalidVideo.NotFound\",\"Message\":\"m\"}");

		VodCallException failure = failure();

		assertThat(failure.failure().outcome()).isEqualTo(CallOutcome.NOT_FOUND);
		assertThat(failure.requestId()).isEqualTo("r-3");
	}

	@Test
	void signatureMismatchIsAnOperatorProblem() {
		answer(400, "application/json", "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"string to sign is: POST&\"}");

		VodCallException failure = failure();

		assertThat(failure.failure().outcome()).isEqualTo(CallOutcome.MISCONFIGURED);
		assertThat(failure.failure().exception().getMessage()).doesNotContain("POST&", "testSecret");
	}

	@Test
	void throttlingAnsweredWith400IsThrottled() {
		answer(400, "application/json", "{\"Code\":\"Throttling.User\"}");

		assertThat(failure().failure().outcome()).isEqualTo(CallOutcome.THROTTLED);
	}

	@Test
	void proxysHtmlErrorPageOnA502IsARetryableOutage() {
		answer(502, "text/html", "<html>Bad Gateway</html>");

		VodFailure failure = failure().failure();

		assertThat(failure.outcome()).isEqualTo(CallOutcome.ERROR);
		assertThat(failure.exception()).isInstanceOfSatisfying(UpstreamFailedException.class,
				failed -> assertThat(failed.isRetryable()).isTrue());
	}

	@Test
	void successThatIsNotJsonIsUnreadableAndNotRetried() {
		answer(200, "text/plain", "{\"PlayAuth\":\"p\"}");

		VodFailure failure = failure().failure();

		assertThat(failure.outcome()).isEqualTo(CallOutcome.ERROR);
		assertThat(failure.isUnexpected()).isTrue();
	}

	@Test
	void successWithABrokenBodyIsUnreadable() {
		answer(200, "application/json", "{\"PlayAuth\":");

		assertThat(failure().failure().isUnexpected()).isTrue();
	}

	@Test
	void answerLongerThanTheLimitIsUnreadable() {
		answer(200, "application/json",
				"{\"PlayAuth\":\"" + "x".repeat(NettyVodClient.MAX_ANSWER_BYTES) + "\"}");

		assertThat(failure().failure().isUnexpected()).isTrue();
	}

	@Test
	void noAnswerWithinTheReadTimeoutIsATimeout() {
		vod.set((request, response) -> Mono.never());
		client.close();
		client = client(server.port(), Duration.ofMillis(200));

		assertThat(failure().failure().outcome()).isEqualTo(CallOutcome.TIMEOUT);
	}

	@Test
	void connectionClosedBeforeTheAnswerIsUnreachable() {
		vod.set((request, response) -> response.withConnection(connection -> connection.channel().close()).then());

		VodFailure failure = failure().failure();

		assertThat(failure.outcome()).isEqualTo(CallOutcome.ERROR);
		assertThat(failure.code()).isEqualTo("SDK.ServerUnreachable");
	}

	@Test
	void refusedConnectionIsUnreachable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		client.close();
		client = client(closedPort, Duration.ofSeconds(3));

		assertThat(failure().failure().code()).isEqualTo("SDK.ServerUnreachable");
	}

	@Test
	void emptySuccessIsUnreadable() {
		vod.set((request, response) -> response.status(HttpResponseStatus.OK).header("Content-Type",
				"application/json").send());

		assertThat(failure().failure().isUnexpected()).isTrue();
	}

	private VodCallException failure() {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		StepVerifier.create(client.send(playAuth())).consumeErrorWith(failure::set).verify(TIMEOUT);
		assertThat(failure.get()).isInstanceOf(VodCallException.class);
		return (VodCallException) failure.get();
	}

	private static Map<String, String> query(String uri) {
		Map<String, String> pairs = new HashMap<>();
		for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
			int equals = pair.indexOf('=');
			pairs.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return pairs;
	}
}
