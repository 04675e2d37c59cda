package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import dev.playgate.emulator.CdnAuthType;
import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.time.SystemTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With BlockHound installed, the hit, miss and failure paths never make a blocking call on an event loop. Runs in a
 * Surefire execution of its own, since BlockHound instruments the whole JVM.
 */
final class NoBlockingBlockHoundTest {

	private static final List<String> violations = new CopyOnWriteArrayList<>();
	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		BlockHound.install(builder -> builder.blockingMethodCallback(method -> {
			violations.add(method + " on " + Thread.currentThread().getName());
			throw new IllegalStateException("blocking call: " + method);
		}));
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		// the access log written, as by default: its lines are appended on the event loops too
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.circuit-breaker.minimum-calls", 2,
				"logging.level.playgate.access", "INFO"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	private static int status(String video, String action) {
		return Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/" + action).status();
	}

	@Test
	void blockHoundIsWatching() {
		Scheduler nonBlocking = SystemTime.newScheduler();
		try {
			Mono<Long> sleeper = Mono.delay(Duration.ofMillis(1), nonBlocking)
				.doOnNext(tick -> LockSupport.parkNanos(1_000_000));
			assertThatThrownBy(() -> sleeper.block(Duration.ofSeconds(5))).hasMessageContaining("blocking call");
		}
		finally {
			nonBlocking.dispose();
		}
		assertThat(violations).isNotEmpty();
		violations.clear();
	}

	@Test
	void hitMissAndFailurePathsNeverBlockAnEventLoop() {
		String video = "block" + "0".repeat(26) + "1";
		assertThat(status(video, "play-auth")).isEqualTo(200);
		assertThat(status(video, "play-auth")).isEqualTo(200);
		assertThat(status(video, "play-info")).isEqualTo(200);
		assertThat(status("NOTFOUND" + "0".repeat(24), "play-auth")).isEqualTo(404);
		assertThat(status("bad", "play-auth")).isEqualTo(400);
		emulator.faults().outage(true);
		for (int i = 0; i < 5; i++) {
			assertThat(status("block" + "0".repeat(26) + (i + 2), "play-auth")).isEqualTo(503);
		}
		assertThat(status(video, "play-auth")).isEqualTo(200);
		emulator.faults().clear();

		assertThat(violations).isEmpty();
	}

	@Test
	void localSignPathsNeverBlockAnEventLoop() {
		String key = "blockHoundCdnKey1";
		String video = "blocklocal" + "0".repeat(21) + "1";
		try (VodEmulator signing = VodEmulator.start(EmulatorOptions.defaults().withPort(0),
				CdnOptions.defaults().withKey(key).withAuthType(CdnAuthType.B));
				RunningGateway localSign = RunningGateway.start(signing, Map.of("playgate.play-info.mode", "local-sign",
						"playgate.play-info.url-signing.key", key, "playgate.play-info.url-signing.type", "B"))) {
			Load.Answer miss = Load.get(localSign.baseUrl(), "/v1/videos/" + video + "/play-info");
			Load.Answer signed = Load.get(localSign.baseUrl(), "/v1/videos/" + video + "/play-info?authTimeout=60");

			assertThat(miss.header("X-Cache")).isEqualTo("MISS");
			assertThat(signed.header("X-Cache")).isEqualTo("SIGNED");
		}

		assertThat(violations).isEmpty();
	}
}
