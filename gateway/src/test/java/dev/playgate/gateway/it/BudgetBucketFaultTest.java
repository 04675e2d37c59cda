package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster budget's bucket in Redis when Redis answers with errors, slowly, or not at all: every miss is still
 * answered (from the local share while the bucket fails), and the bucket is used again as soon as Redis is back; a
 * fault never wedges the budget.
 */
final class BudgetBucketFaultTest {

	private RedisProcess redis;

	private VodEmulator emulator;

	private RunningGateway gateway;

	private RedisClient admin;

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void start() {
		redis = RedisProcess.start();
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.redis.url", redis.url(),
				"playgate.redis.command-timeout", "200ms", "playgate.redis.outage-probe-interval", "200ms",
				"logging.level.io.lettuce.core.protocol", "ERROR"));
		admin = RedisClient.create(redis.url());
		connection = admin.connect();
	}

	@AfterEach
	void stop() {
		connection.close();
		admin.shutdown();
		gateway.close();
		emulator.close();
		redis.close();
	}

	@Test
	void bucketAnsweringErrorsFallsBackAndIsUsedAgainOnceRedisAnswers() {
		connection.sync().configSet("maxmemory-policy", "noeviction");
		connection.sync().configSet("maxmemory", "1");

		List<Answer> during = misses(12);
		connection.sync().configSet("maxmemory", "0");

		assertAnsweredWithoutFailure(during);
		assertBucketGrantsAgain();
	}

	@Test
	void bucketAnsweringSlowlyStillServesTheMisses() {
		// a script that keeps the server busy for 300 ms, so every command behind it is answered late
		Mono<Object> busy = Mono.fromCallable(() -> connection.sync()
			.eval("local t = redis.call('TIME') local s = t[1] * 1000000 + t[2] "
					+ "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - s > 300000 return 1",
					ScriptOutputType.INTEGER))
			.subscribeOn(Schedulers.boundedElastic())
			.cache();
		busy.subscribe();

		List<Answer> during = misses(12);
		busy.block(Duration.ofSeconds(10));

		assertAnsweredWithoutFailure(during);
		assertBucketGrantsAgain();
	}

	@Test
	void bucketNotAnsweringAtAllFallsBackAndIsUsedAgainOnceRedisRuns() {
		redis.pause();
		List<Answer> during;
		try {
			during = misses(12);
		}
		finally {
			redis.resume();
		}

		assertAnsweredWithoutFailure(during);
		assertBucketGrantsAgain();
	}

	private List<Answer> misses(int count) {
		return Load.concurrently(gateway.baseUrl(), count,
				i -> "/v1/videos/" + GatewayFleet.freshVideo() + "/play-auth");
	}

	private static void assertAnsweredWithoutFailure(List<Answer> answers) {
		assertThat(answers).extracting(Answer::status).containsAnyOf(200).isSubsetOf(200, 503);
	}

	/** Sequential misses after the fault: each takes its permit from the bucket again, none is refused for good. */
	private void assertBucketGrantsAgain() {
		Awaitility.await("the bucket granting again")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				double granted = permits("granted");
				double failOpen = permits("fail-open");
				Answer answer = misses(1).get(0);
				return answer.status() == 200 && permits("granted") > granted && permits("fail-open") == failOpen;
			});
		double failOpen = permits("fail-open");
		for (int i = 0; i < 10; i++) {
			assertThat(misses(1).get(0).status()).isEqualTo(200);
		}
		assertThat(permits("fail-open")).isEqualTo(failOpen);
	}

	/** Permits by outcome; a permit from the local share while the bucket fails counts as fail-open and granted. */
	private double permits(String outcome) {
		return gateway.context().getBean(MeterRegistry.class).find("playgate.budget.cluster.permits")
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}
}
