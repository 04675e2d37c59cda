package dev.playgate.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.NoStreamException;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamMisconfiguredException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.credential.VideoNotPlayableException;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

final class VodUpstreamTest {

	static final VideoId VIDEO = VideoId.parse("0123456789abcdef0123456789ABCDEF");

	static final Instant NOW = Instant.parse("2026-11-29T10:00:00.750Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final IAcsClient sdk = mock(IAcsClient.class);

	private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 10, "vod-sdk-test");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final VodProperties properties = VodPropertiesTest.emulator("127.0.0.1:18080", "testAk", "testSecret");

	private final FakeTime time = FakeTime.startingAt(NOW);

	private final VodUpstream upstream = new VodUpstream(new SdkVodClient(sdk, properties, scheduler),
			"vod.example.com", Duration.ofSeconds(30),
			AccountQuota.single(BudgetPolicy.of(300, TIMEOUT), time, time.scheduler(), registry), time, time,
			registry);

	@AfterEach
	void stopScheduler() {
		scheduler.dispose();
	}

	static CredentialKey playAuthKey() {
		return CredentialKey.of(Action.PLAY_AUTH, VIDEO, Map.of("AuthInfoTimeout", "3000"));
	}

	static GetVideoPlayAuthResponse playAuthResponse() {
		GetVideoPlayAuthResponse response = new GetVideoPlayAuthResponse();
		response.setRequestId("req-1");
		response.setPlayAuth("opaque-play-auth");
		GetVideoPlayAuthResponse.VideoMeta meta = new GetVideoPlayAuthResponse.VideoMeta();
		meta.setVideoId(VIDEO.value());
		meta.setTitle("標題 \"quoted\"");
		meta.setDuration(120.5f);
		meta.setCoverURL("https://img.example.com/c.jpg");
		meta.setStatus("Normal");
		response.setVideoMeta(meta);
		return response;
	}

	@Test
	void playAuthBodyIsThePublicAnswerWithAConservativeExpiry() throws Exception {
		given(sdk.getAcsResponse(any())).willReturn(playAuthResponse());

		Served served = upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)).block(TIMEOUT);

		assertThat(served.status()).isEqualTo(CacheStatus.MISS);
		assertThat(served.credential().issuedAt()).isEqualTo(NOW);
		// 10:00:00.750 + 3000 s - 30 s, truncated to the second
		assertThat(served.credential().expiresAt()).isEqualTo(Instant.parse("2026-11-29T10:49:30Z"));
		JsonNode body = json(served.credential().body());
		assertThat(fieldNames(body)).containsExactly("videoId", "playAuth", "expiresAt", "videoMeta", "requestId");
		assertThat(body.get("videoId").asString()).isEqualTo(VIDEO.value());
		assertThat(body.get("playAuth").asString()).isEqualTo("opaque-play-auth");
		assertThat(body.get("expiresAt").asString()).isEqualTo("2026-11-29T10:49:30Z");
		assertThat(body.get("requestId").asString()).isEqualTo("req-1");
		JsonNode meta = body.get("videoMeta");
		assertThat(fieldNames(meta)).containsExactly("title", "duration", "coverUrl", "status");
		assertThat(meta.get("title").asString()).isEqualTo("標題 \"quoted\"");
		assertThat(meta.get("duration").isNumber()).isTrue();
		assertThat(meta.get("duration").asDouble()).isEqualTo(120.5);
		assertThat(meta.get("coverUrl").asString()).isEqualTo("https://img.example.com/c.jpg");
	}

	@Test
	void aCallThatFailsAfterItWasGivenUpRaisesNothingToTheDroppedErrorHook() throws Exception {
		java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		given(sdk.getAcsResponse(any())).willAnswer(invocation -> {
			started.countDown();
			boolean interrupted = false; // giving up interrupts the SDK's thread; a socket read would not notice
			while (true) {
				try {
					release.await(5, java.util.concurrent.TimeUnit.SECONDS);
					break;
				}
				catch (InterruptedException ignored) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			throw client("SDK.ServerUnreachable");
		});
		java.util.List<Throwable> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
		reactor.core.publisher.Hooks.onErrorDropped(dropped::add);
		try {
			reactor.core.Disposable caller = upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO))
				.subscribe(served -> { }, error -> { });
			assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			caller.dispose();
			release.countDown();
			scheduler.disposeGracefully().block(Duration.ofSeconds(5));

			assertThat(dropped).isEmpty();
			assertThat(registry.find("playgate.upstream.calls").tag("action", "play-auth").counters())
				.extracting(counter -> counter.count()).contains(1.0);
		}
		finally {
			reactor.core.publisher.Hooks.resetOnErrorDropped();
		}
	}

	@Test
	void playAuthBodyIsEncodedByteForByteAsBefore() throws Exception {
		given(sdk.getAcsResponse(any())).willReturn(playAuthResponse());

		Served served = upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)).block(TIMEOUT);

		assertThat(new String(served.credential().body(), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("{\"videoId\":\"" + VIDEO.value() + "\",\"playAuth\":\"opaque-play-auth\","
					+ "\"expiresAt\":\"2026-11-29T10:49:30Z\",\"videoMeta\":{\"title\":\"標題 \\\"quoted\\\"\","
					+ "\"duration\":120.5,\"coverUrl\":\"https://img.example.com/c.jpg\",\"status\":\"Normal\"},"
					+ "\"requestId\":\"req-1\"}");
	}

	@Test
	void playAuthRequestCarriesTheKeyAndTheConfiguredEndpoint() throws Exception {
		AtomicReference<AcsRequest<?>> sent = capture(playAuthResponse());

		upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)).block(TIMEOUT);

		GetVideoPlayAuthRequest request = (GetVideoPlayAuthRequest) sent.get();
		assertThat(request.getVideoId()).isEqualTo(VIDEO.value());
		assertThat(request.getAuthInfoTimeout()).isEqualTo(3000L);
		assertThat(request.getSysProductDomain().getDomainName()).isEqualTo("127.0.0.1:18080");
		assertThat(request.getSysProtocol()).isEqualTo(ProtocolType.HTTP);
		assertThat(request.getSysConnectTimeout()).isEqualTo(2000);
		assertThat(request.getSysReadTimeout()).isEqualTo(3000);
		assertThat(request.getSysRegionId()).isEqualTo("cn-shanghai");
	}

	@Test
	void playInfoRequestSendsTheKeysParametersAsTheEdgeSpelledThemAndThePlayDomain() throws Exception {
		AtomicReference<AcsRequest<?>> sent = capture(new GetPlayInfoResponse());
		CredentialKey key = CredentialKey.of(Action.PLAY_INFO, VIDEO,
				Map.of("AuthTimeout", "3600", "Formats", "m3u8,mp4", "Definition", "HD,LD", "StreamType", "video",
						"OutputType", "cdn", "ResultType", "Multiple"));

		upstream.fetch(CredentialRequest.of(key, Duration.ZERO)).block(TIMEOUT);

		GetPlayInfoRequest request = (GetPlayInfoRequest) sent.get();
		assertThat(request.getAuthTimeout()).isEqualTo(3600L);
		assertThat(request.getFormats()).isEqualTo("m3u8,mp4");
		assertThat(request.getDefinition()).isEqualTo("HD,LD");
		assertThat(request.getStreamType()).isEqualTo("video");
		assertThat(request.getOutputType()).isEqualTo("cdn");
		assertThat(request.getResultType()).isEqualTo("Multiple");
		assertThat(request.getPlayConfig()).isEqualTo("{\"PlayDomain\":\"vod.example.com\"}");
	}

	@Test
	void playInfoBodyHasNumbersWhereVodSentNumericStringsAndNullsWhereItSentNothing() throws Exception {
		given(sdk.getAcsResponse(any())).willReturn(playInfoResponse());
		CredentialKey key = CredentialKey.of(Action.PLAY_INFO, VIDEO, Map.of("AuthTimeout", "3600"));

		Served served = upstream.fetch(CredentialRequest.of(key, Duration.ZERO)).block(TIMEOUT);

		JsonNode body = json(served.credential().body());
		assertThat(fieldNames(body)).containsExactly("videoId", "expiresAt", "videoBase", "playInfos", "requestId");
		assertThat(body.get("expiresAt").asString()).isEqualTo("2026-11-29T10:59:30Z");
		JsonNode base = body.get("videoBase");
		assertThat(fieldNames(base)).containsExactly("title", "duration", "coverUrl", "status", "mediaType",
				"creationTime", "outputType");
		assertThat(base.get("duration").decimalValue()).isEqualByComparingTo("3.1667");
		assertThat(base.get("coverUrl").isNull()).isTrue();
		JsonNode info = body.get("playInfos").get(0);
		assertThat(fieldNames(info)).containsExactly("playUrl", "definition", "format", "bitrate", "width", "height",
				"size", "duration", "fps", "encrypt", "streamType", "status");
		assertThat(info.get("playUrl").asString()).isEqualTo("https://vod.example.com/x.m3u8?auth_key=1-0-0-abc");
		assertThat(info.get("bitrate").decimalValue()).isEqualByComparingTo("450.878");
		assertThat(info.get("width").asLong()).isEqualTo(640);
		assertThat(info.get("size").asLong()).isEqualTo(418112);
		assertThat(info.get("fps").asInt()).isEqualTo(25);
		assertThat(info.get("duration").isNull()).as("not a number").isTrue();
		assertThat(info.get("encrypt").asLong()).isZero();
		assertThat(body.get("playInfos")).hasSize(1);
	}

	private static GetPlayInfoResponse playInfoResponse() {
		GetPlayInfoResponse response = new GetPlayInfoResponse();
		response.setRequestId("req-2");
		GetPlayInfoResponse.VideoBase base = new GetPlayInfoResponse.VideoBase();
		base.setTitle("t");
		base.setDuration("3.1667");
		base.setStatus("Normal");
		base.setMediaType("video");
		base.setCreationTime("2017-06-26T06:38:48Z");
		base.setOutputType("cdn");
		response.setVideoBase(base);
		GetPlayInfoResponse.PlayInfo info = new GetPlayInfoResponse.PlayInfo();
		info.setPlayURL("https://vod.example.com/x.m3u8?auth_key=1-0-0-abc");
		info.setDefinition("LD");
		info.setFormat("m3u8");
		info.setBitrate("450.878");
		info.setWidth(640L);
		info.setHeight(360L);
		info.setSize(418112L);
		info.setDuration("n/a");
		info.setFps("25");
		info.setEncrypt(0L);
		info.setStreamType("video");
		info.setStatus("Normal");
		response.setPlayInfoList(List.of(info));
		return response;
	}

	@Test
	void shortTimeoutKeepsAtLeastHalfItsLifetime() throws Exception {
		assertThat(upstream.expiresAt(NOW, Duration.ofSeconds(3000))).isEqualTo(Instant.parse("2026-11-29T10:49:30Z"));
		assertThat(upstream.expiresAt(NOW, Duration.ofSeconds(21))).isEqualTo(Instant.parse("2026-11-29T10:00:11Z"));
		assertThat(upstream.expiresAt(NOW, Duration.ofSeconds(1))).isAfter(NOW);
	}

	@Test
	void callRunsOnTheSdkScheduler() throws Exception {
		AtomicReference<String> thread = new AtomicReference<>();
		given(sdk.getAcsResponse(any())).willAnswer(invocation -> {
			thread.set(Thread.currentThread().getName());
			return playAuthResponse();
		});

		upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)).block(TIMEOUT);

		assertThat(thread.get()).startsWith("vod-sdk-test");
	}

	@Test
	void keyWithoutItsTimeoutIsRefusedWithoutACall() throws Exception {
		CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, VIDEO, Map.of());

		StepVerifier.create(upstream.fetch(CredentialRequest.of(key, Duration.ZERO)))
			.expectError(InvalidParameterException.class)
			.verify(TIMEOUT);
		verify(sdk, never()).getAcsResponse(any());
	}

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of(client("InvalidVideo.NotFound"), VideoNotFoundException.class, "not_found"),
				Arguments.of(client("InvalidVideo.NoneStream"), NoStreamException.class, "no_stream"),
				Arguments.of(client("Forbidden.IllegalStatus"), VideoNotPlayableException.class, "not_playable"),
				Arguments.of(client("Forbidden.AliyunVoDEncryption"), VideoNotPlayableException.class, "not_playable"),
				Arguments.of(client("SignatureDoesNotMatch"), UpstreamMisconfiguredException.class, "misconfigured"),
				Arguments.of(client("SDK.InvalidAccessKeySecret"), UpstreamMisconfiguredException.class,
						"misconfigured"),
				Arguments.of(client("SDK.InvalidAccessSecret"), UpstreamMisconfiguredException.class, "misconfigured"),
				Arguments.of(client("InvalidAccessKeyId.NotFound"), UpstreamMisconfiguredException.class,
						"misconfigured"),
				Arguments.of(client("InvalidSecurityToken.Expired"), UpstreamMisconfiguredException.class,
						"misconfigured"),
				Arguments.of(client("Forbidden"), UpstreamMisconfiguredException.class, "misconfigured"),
				Arguments.of(client("Throttling.User"), UpstreamFailedException.class, "throttled"),
				Arguments.of(client("Throttling"), UpstreamFailedException.class, "throttled"),
				Arguments.of(server("ServiceUnavailable"), UpstreamFailedException.class, "error"),
				Arguments.of(server("Throttling.Api"), UpstreamFailedException.class, "throttled"),
				Arguments.of(client("SDK.ServerUnreachable"), UpstreamFailedException.class, "error"),
				Arguments.of(client("SDK.ReadTimeout"), UpstreamTimeoutException.class, "timeout"),
				Arguments.of(client("InvalidParameter"), UpstreamMisconfiguredException.class, "misconfigured"),
				Arguments.of(client("InvalidParameter.Definition"), UpstreamMisconfiguredException.class,
						"misconfigured"),
				Arguments.of(client("MissingVideoId"), UpstreamMisconfiguredException.class, "misconfigured"),
				Arguments.of(client("SignatureNonceUsed"), UpstreamFailedException.class, "error"),
				Arguments.of(client("Something.New"), UpstreamMisconfiguredException.class, "error"),
				Arguments.of(new ClientException("Unable to load credentials from any of the providers in the chain"),
						UpstreamMisconfiguredException.class, "misconfigured"),
				Arguments.of(new ClientException("Server response has a bad format type: text/html"),
						UpstreamFailedException.class, "error"),
				Arguments.of(new NumberFormatException("For input string: \"640.0\""), UpstreamFailedException.class,
						"error"));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void sdkFailureBecomesTheGatewaysExceptionAndOutcome(Exception thrown, Class<? extends CredentialException> type,
			String outcome) throws Exception {
		given(sdk.getAcsResponse(any())).willThrow(thrown);

		StepVerifier.create(upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)))
			.expectError(type)
			.verify(TIMEOUT);
		assertThat(registry.get("playgate.upstream.calls").tag("action", "play-auth").tag("outcome", outcome)
			.counter().count()).isEqualTo(1.0);
	}

	@Test
	void throttlingAndOutagesAreRetryableButUnreadableAnswersAreNot() throws Exception {
		assertThat(failureOf(client("Throttling.User"))).matches(UpstreamFailedException::isRetryable);
		assertThat(failureOf(server("InternalError"))).matches(UpstreamFailedException::isRetryable);
		assertThat(failureOf(client("SDK.ServerUnreachable"))).matches(UpstreamFailedException::isRetryable);
		assertThat(failureOf(client("SignatureNonceUsed"))).matches(UpstreamFailedException::isRetryable);
		assertThat(failureOf(new IllegalStateException("parse"))).matches(failed -> !failed.isRetryable());
	}

	@Test
	void misconfigurationMessageNeverLeaksTheStringToSignOrTheSecret() throws Exception {
		ClientException mismatch = new ClientException("SDK.InvalidAccessKeySecret",
				"Specified Access Key Secret is not valid. server string to sign is:POST&%2F&AccessKeyId%3DtestAk",
				"req-3");

		CredentialException failure = (CredentialException) catchFailure(mismatch);

		assertThat(failure.getMessage()).doesNotContain("string to sign", "POST&", "testSecret", "testAk")
			.contains("operator");
	}

	@Test
	void successIsCountedAndTimed() throws Exception {
		given(sdk.getAcsResponse(any())).willReturn(playAuthResponse());

		upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)).block(TIMEOUT);

		assertThat(registry.get("playgate.upstream.calls").tag("outcome", "ok").tag("action", "play-auth").counter()
			.count()).isEqualTo(1.0);
		assertThat(registry.get("playgate.upstream.latency").tag("outcome", "ok").tag("action", "play-auth").timer()
			.count()).isEqualTo(1);
	}

	private UpstreamFailedException failureOf(Exception thrown) throws Exception {
		return (UpstreamFailedException) catchFailure(thrown);
	}

	private Throwable catchFailure(Exception thrown) throws Exception {
		willThrow(thrown).given(sdk).getAcsResponse(any());
		AtomicReference<Throwable> failure = new AtomicReference<>();
		StepVerifier.create(upstream.fetch(CredentialRequest.of(playAuthKey(), Duration.ZERO)))
			.consumeErrorWith(failure::set)
			.verify(TIMEOUT);
		return failure.get();
	}

	private AtomicReference<AcsRequest<?>> capture(Object response) throws Exception {
		AtomicReference<AcsRequest<?>> sent = new AtomicReference<>();
		given(sdk.getAcsResponse(any())).willAnswer(invocation -> {
			sent.set(invocation.getArgument(0));
			return response;
		});
		return sent;
	}

	static ClientException client(String code) {
		return new ClientException(code, "message of " + code, "req-x");
	}

	static ServerException server(String code) {
		return new ServerException(code, "message of " + code, "req-y");
	}

	static JsonNode json(byte[] body) {
		return JsonMapper.shared().readTree(new String(body, StandardCharsets.UTF_8));
	}

	static List<String> fieldNames(JsonNode node) {
		return node.propertyNames().stream().toList();
	}
}
