package dev.playgate.gateway.it;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.events.CallbackSignature;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catalogue events and the operator's purge across two real gateways sharing one real redis-server, with the
 * emulator's video lifecycle and its signed callbacks: every purge reaches both replicas, nothing forged, stale or
 * replayed changes anything, a replica cut from Redis catches up, and a fill racing a purge does not resurrect it.
 * Gateway B reaches Redis through a relay the tests can cut.
 */
final class FleetEventsTest {

	private static final String KEY = "eventsKey42";

	/** How long the tests wait for a purge to reach the other replica: a liveness bound, not a speed claim. */
	private static final Duration PROPAGATION = Duration.ofSeconds(10);

	private static RedisProcess redis;

	private static TcpProxy relay;

	private static VodEmulator emulator;

	private static GatewayFleet fleet;

	private static String callbackUrl;

	private static RedisClient admin;

	private static StatefulRedisConnection<String, String> adminConnection;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		relay = TcpProxy.to(redis.port());
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		int portA = RedisProcess.freePort();
		callbackUrl = "http://127.0.0.1:" + portA + "/v1/vod/events";
		fleet = GatewayFleet.start(0, emulator, Map.of(), null);
		Map<String, Object> a = properties(redis.url());
		a.put("server.port", portA);
		fleet.add(emulator, a);
		fleet.add(emulator, properties("redis://127.0.0.1:" + relay.port()));
		emulator.videos().callbackTo(callbackUrl, KEY);
		admin = RedisClient.create(redis.url());
		adminConnection = admin.connect();
	}

	private static Map<String, Object> properties(String redisUrl) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("playgate.redis.url", redisUrl);
		properties.put("playgate.redis.command-timeout", GatewayFleet.COMMAND_TIMEOUT);
		properties.put("playgate.events.callback-url", callbackUrl);
		properties.put("playgate.events.auth-key", KEY);
		properties.put("playgate.purge.poll-interval", "100ms");
		return properties;
	}

	@AfterAll
	static void stop() {
		adminConnection.close();
		admin.shutdown();
		fleet.close();
		emulator.close();
		relay.close();
		redis.close();
	}

	@AfterEach
	void heal() {
		relay.restore();
		emulator.faults().clear();
	}

	@Test
	void takedownCallbackToOneReplicaMakesBothRefuseTheVideo() {
		String video = GatewayFleet.freshVideo();
		cachedOnBoth(video);
		double before = fleetPurges(1);

		assertThat(emulator.videos().review(video, "Blocked")).isEqualTo(200);

		awaitFleetPurge(1, before);
		for (int i = 0; i < 2; i++) {
			Answer refused = playAuth(i, video);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.body()).contains("\"code\":\"VIDEO_NOT_PLAYABLE\"");
		}
		assertThat(emulator.stats().calls("GetVideoPlayAuth", "Forbidden.IllegalStatus")).isPositive();
	}

	@Test
	void forgedStaleOrFutureCallbacksChangeNothing() {
		String video = GatewayFleet.freshVideo();
		cachedOnBoth(video);
		long calls = emulator.stats().calls("GetVideoPlayAuth");
		String body = event("CreateAuditComplete", "MediaId", video);
		String now = Long.toString(Instant.now().getEpochSecond());
		String stale = Long.toString(Instant.now().minusSeconds(301).getEpochSecond());
		String future = Long.toString(Instant.now().plusSeconds(120).getEpochSecond());

		for (Answer refused : new Answer[] { callback(0, now, CallbackSignature.of(callbackUrl, now, "guessed1"), body),
				callback(0, stale, CallbackSignature.of(callbackUrl, stale, KEY), body),
				callback(0, future, CallbackSignature.of(callbackUrl, future, KEY), body),
				callback(1, now, null, body) }) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(refused.body()).contains("\"code\":\"CALLBACK_REFUSED\"");
		}

		assertThat(playAuth(0, video).header("X-Cache")).isEqualTo("HIT");
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("HIT");
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isEqualTo(calls);
		assertThat(counter(0, "playgate.events", "outcome", "refused")).isGreaterThanOrEqualTo(3);
	}

	@Test
	void replayedCallbackChangesNothingMoreThanTheFirstDelivery() {
		String video = GatewayFleet.freshVideo();
		cachedOnBoth(video);
		double before = fleetPurges(1);
		String now = Long.toString(Instant.now().getEpochSecond());
		String signature = CallbackSignature.of(callbackUrl, now, KEY);
		String body = event("TranscodeComplete", "VideoId", video);

		assertThat(callback(0, now, signature, body).body()).contains("\"outcome\":\"accepted\"");
		awaitFleetPurge(1, before);
		cachedOnBoth(video);
		long calls = emulator.stats().calls("GetVideoPlayAuth");

		assertThat(callback(0, now, signature, body).body()).contains("\"outcome\":\"ignored\"", "replayed");
		assertThat(playAuth(0, video).header("X-Cache")).isEqualTo("HIT");
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("HIT");
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isEqualTo(calls);
	}

	@Test
	void transcodeCompleteClearsARememberedNoStreamOnBothReplicas() {
		String video = "NOSTREAM" + GatewayFleet.freshVideo().substring(8);
		for (int i = 0; i < 2; i++) {
			playInfo(i, video);
			Answer remembered = playInfo(i, video);
			assertThat(remembered.status()).isEqualTo(404);
			assertThat(remembered.body()).contains("\"code\":\"NO_STREAM\"");
		}
		double before = fleetPurges(1);

		assertThat(emulator.videos().addStreams(video)).isEqualTo(200);

		awaitFleetPurge(1, before);
		assertThat(playInfo(0, video).status()).isEqualTo(200);
		assertThat(playInfo(1, video).status()).isEqualTo(200);
	}

	@Test
	void operatorDeleteOnOneReplicaEmptiesBoth() {
		String video = GatewayFleet.freshVideo();
		cachedOnBoth(video);
		String listed = fleet.gateway(0).management().get().uri("/actuator/credentials/" + video).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains("\"tier\":\"local\"", "\"tier\":\"shared\"", "\"issuedAt\"", "\"expiresAt\"")
			.doesNotContain("playAuth\":", "http://");
		double before = fleetPurges(1);

		fleet.gateway(0).management().delete().uri("/actuator/credentials/" + video).exchange()
			.expectStatus().isNoContent();

		awaitFleetPurge(1, before);
		fleet.gateway(1).management().get().uri("/actuator/credentials/" + video).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.entries").isEmpty();
		long calls = emulator.stats().calls("GetVideoPlayAuth");
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("MISS");
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isEqualTo(calls + 1);
		GatewayFleet.awaitFillsLanded(adminConnection, video);
		assertThat(playAuth(0, video).header("X-Cache")).isEqualTo("HIT");
	}

	@Test
	void malformedVideoIdOnTheOperatorEndpointIsRefused() {
		fleet.gateway(0).management().delete().uri("/actuator/credentials/not-a-video").exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void replicaCutFromRedisDuringAPurgeStopsServingTheVideoOnceReconnected() {
		String video = GatewayFleet.freshVideo();
		cachedOnBoth(video);
		double before = fleetPurges(1);

		relay.cut();
		fleet.gateway(0).management().delete().uri("/actuator/credentials/" + video).exchange()
			.expectStatus().isNoContent();
		// cut off, the replica cannot know: it keeps serving what it holds
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("HIT");
		relay.restore();

		awaitFleetPurge(1, before);
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("MISS");
	}

	@Test
	void fillRacingAPurgeDoesNotResurrectIt() {
		String video = GatewayFleet.freshVideo();
		emulator.faults().latency(Duration.ofMillis(1500), Duration.ZERO);
		Mono<Answer> racing = Mono.fromCallable(() -> playAuth(0, video)).cache();
		racing.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).subscribe();
		Awaitility.await("the fill's lease").atMost(PROPAGATION).pollInterval(Duration.ofMillis(10))
			.until(() -> !adminConnection.sync().keys("playgate:{" + video + "}:*:lease").isEmpty());
		double before = fleetPurges(0);

		fleet.gateway(1).management().delete().uri("/actuator/credentials/" + video).exchange()
			.expectStatus().isNoContent();
		awaitFleetPurge(0, before);
		assertThat(racing.block(PROPAGATION).header("X-Cache")).isEqualTo("MISS");
		emulator.faults().latency(Duration.ZERO, Duration.ZERO);
		GatewayFleet.awaitFillsLanded(adminConnection, video);

		long calls = emulator.stats().calls("GetVideoPlayAuth");
		assertThat(playAuth(0, video).header("X-Cache")).isEqualTo("MISS");
		GatewayFleet.awaitFillsLanded(adminConnection, video);
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("HIT");
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isEqualTo(calls + 1);
	}

	@Test
	void unknownEventTypeIsAcknowledgedAndIgnored() {
		String video = GatewayFleet.freshVideo();
		cachedOnBoth(video);
		String now = Long.toString(Instant.now().getEpochSecond());
		Answer answer = callback(1, now, CallbackSignature.of(callbackUrl, now, KEY), event("NewThing", "VideoId", video));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"outcome\":\"ignored\"");
		assertThat(playAuth(0, video).header("X-Cache")).isEqualTo("HIT");
	}

	/** {@code video} in both gateways' L1 and in L2. */
	private static void cachedOnBoth(String video) {
		assertThat(playAuth(0, video).status()).isEqualTo(200);
		GatewayFleet.awaitFillsLanded(adminConnection, video);
		assertThat(playAuth(1, video).status()).isEqualTo(200);
		assertThat(playAuth(1, video).header("X-Cache")).isEqualTo("HIT");
	}

	private static Answer playAuth(int gateway, String video) {
		return Load.get(fleet.gateway(gateway).baseUrl(), "/v1/videos/" + video + "/play-auth");
	}

	private static Answer playInfo(int gateway, String video) {
		return Load.get(fleet.gateway(gateway).baseUrl(), "/v1/videos/" + video + "/play-info");
	}

	private static String event(String type, String idField, String video) {
		return "{\"EventTime\":\"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\",\"EventType\":\""
				+ type + "\",\"" + idField + "\":\"" + video + "\",\"Status\":\"success\"}";
	}

	private static Answer callback(int gateway, String timestamp, String signature, String body) {
		return VodCallbacks.post(fleet.gateway(gateway).baseUrl(), timestamp, signature, body);
	}

	private static double fleetPurges(int gateway) {
		return counter(gateway, "playgate.purges", "source", "fleet");
	}

	private static double counter(int gateway, String name, String tag, String value) {
		return fleet.gateway(gateway).context().getBean(MeterRegistry.class).find(name).tag(tag, value).counters()
			.stream().mapToDouble(c -> c.count()).sum();
	}

	private static void awaitFleetPurge(int gateway, double before) {
		Awaitility.await("a purge from the other replica").atMost(PROPAGATION).pollInterval(Duration.ofMillis(10))
			.until(() -> fleetPurges(gateway) > before);
	}
}
