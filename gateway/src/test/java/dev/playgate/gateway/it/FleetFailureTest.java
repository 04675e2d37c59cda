package dev.playgate.gateway.it;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Gateways sharing Redis when Redis stops and comes back, and when a lease holder dies in the middle of its call. */
final class FleetFailureTest {

	private static final Duration LEASE_TTL = Duration.ofSeconds(3);

	private static final Duration LEASE_LAPSE = Duration.ofMillis(1500);

	private RedisProcess redis;

	private VodEmulator emulator;

	private GatewayFleet fleet;

	@BeforeEach
	void start() {
		redis = RedisProcess.start();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
	}

	@AfterEach
	void stop() {
		if (fleet != null) {
			fleet.close();
		}
		emulator.close();
		redis.close();
	}

	private Map<String, Object> properties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("playgate.redis.url", redis.url());
		properties.put("playgate.redis.command-timeout", GatewayFleet.COMMAND_TIMEOUT);
		properties.put("playgate.redis.outage-probe-interval", "200ms");
		return properties;
	}

	@Test
	void redisStoppedMidLoadFailsNoCachedKeyStillServesMissesAndTheSharedTierResumesWhenItIsBack() throws IOException {
		fleet = GatewayFleet.start(2, emulator, properties(), null);
		List<String> cached = IntStream.range(0, 20).mapToObj(i -> GatewayFleet.freshVideo()).toList();
		fleet.concurrently(20, i -> "/v1/videos/" + cached.get(i) + "/play-auth");

		List<Answer> cachedAnswers = readAcrossAnOutage(cached, 120, 20).collectList().block(Duration.ofSeconds(60));
		List<Answer> misses = fleet.concurrently(10, i -> "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth");

		assertThat(redis.answersPing()).isFalse();
		assertThat(cachedAnswers).hasSize(120).allSatisfy(a -> {
			assertThat(a.status()).isEqualTo(200);
			assertThat(a.header("X-Cache")).isEqualTo("HIT");
		});
		assertThat(misses).extracting(Answer::status).containsOnly(200);
		assertThat(fleet.counter("playgate.redis.fail.open")).isPositive();

		redis.restart();
		try (RedisClient client = RedisClient.create(redis.url()); var connection = client.connect()) {
			Awaitility.await("L2 and coalescing resume")
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(300))
				.until(() -> secondGatewayIsServedByTheFirstOnesCall(connection));
		}
	}

	/** Reads the cached keys on both gateways, {@code reads} times in turn; Redis stops before read {@code stopAt}. */
	private Flux<Answer> readAcrossAnOutage(List<String> videos, int reads, int stopAt) {
		HttpClient client = HttpClient.create();
		Mono<Void> outage = Mono.<Void>fromRunnable(redis::stop).subscribeOn(Schedulers.boundedElastic());
		return Flux.range(0, reads).concatMap(i -> {
			Mono<Answer> read = GatewayFleet.get(client,
					fleet.gateway(i % 2).baseUrl() + "/v1/videos/" + videos.get(i % videos.size()) + "/play-auth");
			return i == stopAt ? outage.then(read) : read;
		});
	}

	private boolean secondGatewayIsServedByTheFirstOnesCall(StatefulRedisConnection<String, String> redis) {
		String video = GatewayFleet.freshVideo();
		long before = emulator.stats().calls("GetVideoPlayAuth");
		Answer first = Load.get(fleet.gateway(0).baseUrl(), "/v1/videos/" + video + "/play-auth");
		GatewayFleet.awaitFillsLanded(redis, video);
		Answer second = Load.get(fleet.gateway(1).baseUrl(), "/v1/videos/" + video + "/play-auth");
		return first.status() == 200 && "HIT".equals(second.header("X-Cache"))
				&& emulator.stats().calls("GetVideoPlayAuth") - before == 1;
	}

	@Test
	void waiterOnAnotherGatewayTakesOverWhenTheLeaseHolderIsKilledInTheMiddleOfItsCall() {
		Map<String, Object> properties = properties();
		properties.put("playgate.redis.lease-ttl", LEASE_TTL.toMillis() + "ms");
		properties.put("playgate.upstream.retry.max-attempts", 1);
		fleet = GatewayFleet.start(2, emulator, properties, null);
		String path = "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth";
		HttpClient client = HttpClient.create();
		try (GatewayProcess holder = GatewayProcess.start(emulator, properties)) {
			emulator.faults().hang(true);
			GatewayFleet.get(client, holder.baseUrl() + path).subscribe(answer -> {
			}, killed -> {
			});
			awaitLeaseHeld(path);
			Mono<List<Answer>> waiters = Flux.range(0, 100)
				.flatMap(i -> GatewayFleet.get(client, fleet.gateway(i % 2).baseUrl() + path), 100)
				.collectList()
				.cache();
			waiters.subscribe();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waitingKeys(0) + waitingKeys(1) == 2);

			holder.kill();
			emulator.faults().hang(false);

			List<Answer> answers = waiters.block(LEASE_TTL.plusSeconds(5));
			assertThat(answers).hasSize(100).extracting(Answer::status).containsOnly(200);
		}
		assertThat(emulator.stats().calls("GetVideoPlayAuth", "OK")).isEqualTo(1);
		assertThat(fleet.counter("playgate.lease.takeovers")).isEqualTo(1);
	}

	@Test
	void deadHoldersLeaseLapsesWithinTheLeaseLapseAndAWaiterTakesOver() {
		Map<String, Object> properties = properties();
		properties.put("playgate.redis.lease-ttl", "20s");
		properties.put("playgate.redis.lease-lapse", LEASE_LAPSE.toMillis() + "ms");
		properties.put("playgate.redis.max-coalesce-wait", "30s");
		properties.put("playgate.upstream.retry.max-attempts", 1);
		fleet = GatewayFleet.start(1, emulator, properties, null);
		String path = "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth";
		HttpClient client = HttpClient.create();
		try (GatewayProcess holder = GatewayProcess.start(emulator, properties);
				RedisClient redisClient = RedisClient.create(redis.url());
				var connection = redisClient.connect()) {
			emulator.faults().hang(true);
			GatewayFleet.get(client, holder.baseUrl() + path).subscribe(answer -> {
			}, killed -> {
			});
			awaitLeaseHeld(path);
			Mono<List<Answer>> waiters = Flux.range(0, 20)
				.flatMap(i -> GatewayFleet.get(client, fleet.gateway(0).baseUrl() + path), 20)
				.collectList()
				.cache();
			waiters.subscribe();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waitingKeys(0) == 1);

			holder.kill();
			long leaseLeft = connection.sync().pttl(leaseKey(connection, path));
			emulator.faults().hang(false);

			assertThat(leaseLeft).as("the dead holder's lease, in ms").isLessThanOrEqualTo(LEASE_LAPSE.toMillis());
			List<Answer> answers = waiters.block(Duration.ofSeconds(30));
			assertThat(answers).hasSize(20).extracting(Answer::status).containsOnly(200);
		}
		assertThat(emulator.stats().calls("GetVideoPlayAuth", "OK")).isEqualTo(1);
		assertThat(fleet.counter("playgate.lease.takeovers")).isEqualTo(1);
	}

	@Test
	void liveHolderWhoseCallOutlastsTheLeaseLapseKeepsItsLease() {
		Map<String, Object> properties = properties();
		properties.put("playgate.redis.lease-lapse", LEASE_LAPSE.toMillis() + "ms");
		properties.put("playgate.vod.read-timeout", "10s");
		properties.put("playgate.upstream.call-timeout", "10s");
		fleet = GatewayFleet.start(2, emulator, properties, null);
		emulator.faults().latency(LEASE_LAPSE.multipliedBy(2), Duration.ZERO);
		String video = GatewayFleet.freshVideo();

		List<Answer> answers = fleet.concurrently(20, i -> "/v1/videos/" + video + "/play-auth");

		assertThat(answers).hasSize(40).extracting(Answer::status).containsOnly(200);
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).isEqualTo(1);
		assertThat(fleet.counter("playgate.lease.takeovers")).isZero();
	}

	private static String leaseKey(StatefulRedisConnection<String, String> connection, String path) {
		String video = path.split("/")[3];
		return connection.sync().keys("playgate:{" + video + "}:play-auth:*:lease").get(0);
	}

	private double waitingKeys(int gateway) {
		return fleet.gateway(gateway).context().getBean(MeterRegistry.class).get("playgate.lease.waiting.keys").gauge()
			.value();
	}

	private void awaitLeaseHeld(String path) {
		String video = path.split("/")[3];
		try (RedisClient client = RedisClient.create(redis.url()); var connection = client.connect()) {
			Awaitility.await("the holder's lease")
				.atMost(Duration.ofSeconds(10))
				.until(() -> !connection.sync().keys("playgate:{" + video + "}:play-auth:*:lease").isEmpty());
		}
	}
}
