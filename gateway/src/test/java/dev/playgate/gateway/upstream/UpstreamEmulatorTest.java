package dev.playgate.gateway.upstream;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.budget.BudgetPolicy;
import dev.playgate.gateway.budget.FairBudget;
import dev.playgate.gateway.budget.LocalUpstreamBudget;
import dev.playgate.gateway.budget.UpstreamBudget;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.NoStreamException;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.UpstreamMisconfiguredException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.credential.VideoNotPlayableException;
import dev.playgate.gateway.time.FakeTime;
import dev.playgate.gateway.time.SystemTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream stages with each VOD client (the real SDK, and Reactor Netty's), over HTTP, against the vod-emulator. */
@ParameterizedClass(name = "transport {0}")
@EnumSource(VodProperties.Transport.class)
final class UpstreamEmulatorTest {

	@Parameter
	VodProperties.Transport transport;

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String PLAY_AUTH = "GetVideoPlayAuth";

	private static VodEmulator emulator;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	/** Real time for the calls whose claims are about the SDK's own timeouts; the flood test moves a fake one. */
	private final Scheduler scheduler = SystemTime.newScheduler();

	private VodClient client;

	@BeforeAll
	static void startEmulator() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret")
			.withQps(360));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@BeforeEach
	void clearEmulator() {
		emulator.faults().clear();
		emulator.reset();
		client = VodClient.of(vod("testSecret", Duration.ofSeconds(3)), 64, SystemTime.clock());
	}

	@AfterEach
	void closeClient() {
		client.close();
		scheduler.dispose();
	}

	private VodProperties vod(String secret, Duration readTimeout) {
		return vod(emulator, secret, readTimeout);
	}

	private VodProperties vod(VodEmulator target, String secret, Duration readTimeout) {
		return new VodProperties("cn-shanghai", target.endpoint(), "http", "testAk", secret, null,
				Duration.ofSeconds(2), readTimeout, 64, Duration.ofSeconds(30), transport);
	}

	private VodUpstream vodUpstream(VodClient client, int permitsPerSecond) {
		AccountQuota quota = AccountQuota.single(BudgetPolicy.of(permitsPerSecond, Duration.ofMillis(300)),
				SystemTime.ticker(), scheduler, registry);
		return vodUpstream(client, quota, SystemTime.clock(), SystemTime.ticker());
	}

	private VodUpstream vodUpstream(VodClient client, AccountQuota quota, Clock clock, Ticker ticker) {
		return new VodUpstream(client, "cdn.playgate.test", Duration.ofSeconds(30), quota, clock, ticker, registry);
	}

	private GuardedUpstream guarded(VodClient client, int permitsPerSecond) {
		return guarded(client, guardProperties(permitsPerSecond), SystemTime.clock(), SystemTime.ticker(),
				scheduler);
	}

	private static UpstreamProperties guardProperties(int permitsPerSecond) {
		return UpstreamPropertiesTest.bind(Map.of("playgate.upstream.permits-per-second",
				Integer.toString(permitsPerSecond), "playgate.upstream.max-wait", "300ms",
				"playgate.upstream.call-timeout", "5s", "playgate.upstream.retry.initial-backoff", "20ms",
				"playgate.upstream.retry.max-backoff", "50ms"));
	}

	private GuardedUpstream guarded(VodClient client, UpstreamProperties properties, Clock clock, Ticker ticker,
			Scheduler timer) {
		AccountQuota quota = AccountQuota.single(properties.budget(), ticker, timer, registry);
		return GuardedUpstream.of(vodUpstream(client, quota, clock, ticker), quota.budget(), properties, clock, timer,
				registry);
	}

	private static CredentialRequest playAuth(String videoId) {
		return CredentialRequest.of(
				CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(videoId), Map.of("AuthInfoTimeout", "3000")),
				Duration.ZERO);
	}

	private static CredentialRequest playInfo(String videoId, Map<String, String> parameters) {
		return CredentialRequest.of(CredentialKey.of(Action.PLAY_INFO, VideoId.parse(videoId), parameters),
				Duration.ZERO);
	}

	private static String id(String prefix, long n) {
		String digits = Long.toString(n);
		return prefix + "0".repeat(32 - prefix.length() - digits.length()) + digits;
	}

	@Test
	void playAuthComesBackAsThePublicAnswer() {
		String videoId = id("a", 1);

		Served served = vodUpstream(client, 300).fetch(playAuth(videoId)).block(TIMEOUT);

		Instant issuedAt = served.credential().issuedAt();
		Instant expected = issuedAt.plusSeconds(3000 - 30).truncatedTo(ChronoUnit.SECONDS);
		assertThat(served.credential().expiresAt()).isEqualTo(expected);
		JsonNode body = VodUpstreamTest.json(served.credential().body());
		assertThat(VodUpstreamTest.fieldNames(body)).containsExactly("videoId", "playAuth", "expiresAt", "videoMeta",
				"requestId");
		assertThat(body.get("videoId").asString()).isEqualTo(videoId);
		assertThat(body.get("playAuth").asString()).isNotBlank();
		assertThat(Instant.parse(body.get("expiresAt").asString())).isEqualTo(expected);
		assertThat(body.get("videoMeta").get("status").asString()).isEqualTo("Normal");
		assertThat(body.get("videoMeta").get("duration").isNumber()).isTrue();
		assertThat(body.get("requestId").asString()).isNotBlank();
		// counted per video: a late call of an earlier test (its client timed out) may still reach the shared emulator
		assertThat(emulator.stats().callsForVideo(videoId)).isEqualTo(1);
	}

	@Test
	void playInfoComesBackWithUrlsOnThePlayDomain() {
		String videoId = id("b", 2);

		Map<String, String> parameters = Map.of("AuthTimeout", "3600", "Formats", "m3u8");
		Served served = vodUpstream(client, 300).fetch(playInfo(videoId, parameters)).block(TIMEOUT);

		JsonNode body = VodUpstreamTest.json(served.credential().body());
		assertThat(VodUpstreamTest.fieldNames(body)).containsExactly("videoId", "expiresAt", "videoBase", "playInfos",
				"requestId");
		assertThat(Instant.parse(body.get("expiresAt").asString()))
			.isEqualTo(served.credential().issuedAt().plusSeconds(3600 - 30).truncatedTo(ChronoUnit.SECONDS));
		List<JsonNode> infos = body.get("playInfos").valueStream().toList();
		assertThat(infos).isNotEmpty().allSatisfy(info -> {
			assertThat(info.get("format").asString()).isEqualTo("m3u8");
			assertThat(URI.create(info.get("playUrl").asString()).getHost()).isEqualTo("cdn.playgate.test");
			assertThat(info.get("width").isNumber()).isTrue();
			assertThat(info.get("bitrate").isNumber()).isTrue();
		});
		assertThat(body.get("videoBase").get("status").asString()).isEqualTo("Normal");
	}

	@Test
	void unknownVideoIsNotFoundAfterOneCall() {
		expectFailure(guarded(client, 300).fetch(playAuth(id("NOTFOUND", 3))), VideoNotFoundException.class);

		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(1);
	}

	@Test
	void videoWithoutStreamsHasNoStream() {
		expectFailure(guarded(client, 300).fetch(playInfo(id("NOSTREAM", 4), Map.of("AuthTimeout", "60"))),
				NoStreamException.class);
	}

	@Test
	void blockedVideoIsNotPlayable() {
		expectFailure(guarded(client, 300).fetch(playAuth(id("FORBIDDEN", 5))), VideoNotPlayableException.class);
	}

	@Test
	void wrongSecretIsAnOperatorProblemAndIsNotRetried() {
		try (VodClient wrong = VodClient.of(vod("notTheSecret", Duration.ofSeconds(3)), 4, SystemTime.clock())) {
			CredentialException failure = expectFailure(guarded(wrong, 300).fetch(playAuth(id("c", 6))),
					UpstreamMisconfiguredException.class);

			assertThat(failure.getMessage()).doesNotContain("notTheSecret", "string to sign", "POST&");
		}
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(1);
		assertThat(outcomeCount("misconfigured")).isEqualTo(1.0);
	}

	@Test
	void outageEndsBusyAfterRetries() {
		emulator.faults().outage(true);

		CredentialException failure = expectFailure(guarded(client, 300).fetch(playAuth(id("d", 7))),
				UpstreamBusyException.class);

		assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(3);
		assertThat(outcomeCount("error")).isEqualTo(3.0);
	}

	@Test
	void throttlingIsRetriedThenBusyAndShrinksTheBudget() {
		emulator.faults().errorRate(1.0, "Throttling.User");
		UpstreamProperties properties = UpstreamPropertiesTest.bind(Map.of("playgate.upstream.retry.initial-backoff",
				"20ms", "playgate.upstream.retry.max-backoff", "50ms"));
		AccountQuota quota = AccountQuota.single(properties.budget(), SystemTime.ticker(), scheduler, registry);
		VodUpstream vod = vodUpstream(client, quota, SystemTime.clock(), SystemTime.ticker());
		GuardedUpstream guarded = GuardedUpstream.of(vod, quota.budget(), properties, SystemTime.clock(), scheduler,
				registry);
		LocalUpstreamBudget budget = (LocalUpstreamBudget) quota.budget();

		expectFailure(guarded.fetch(playAuth(id("e", 8))), UpstreamBusyException.class);

		assertThat(emulator.stats().calls(PLAY_AUTH)).isEqualTo(3);
		assertThat(outcomeCount("throttled")).isEqualTo(3.0);
		assertThat(budget.permitsPerSecond(Action.PLAY_AUTH)).isLessThan(270);
	}

	@Test
	void hungVodEndsInTimeout() {
		emulator.faults().hang(true);
		try (VodClient impatient = VodClient.of(vod("testSecret", Duration.ofMillis(300)), 4, SystemTime.clock())) {
			expectFailure(guarded(impatient, 300).fetch(playAuth(id("f", 9))), UpstreamTimeoutException.class);
		}
		finally {
			emulator.faults().hang(false);
		}

		assertThat(outcomeCount("timeout")).as("the SDK's read timeout fired").isEqualTo(1.0);
	}

	/**
	 * 400 distinct misses offered over two seconds, four times the budget, with the emulator counting arrivals on the
	 * same fake time that paces the budget and the send window. Fake time stands still while the real SDK calls are on
	 * the wire, and moves only once every call sent has been answered, so a slow or cold machine changes nothing.
	 */
	@Test
	void fullClientQueueIsUpstreamBusyWithARetryAfter() {
		emulator.faults().hang(true);
		// the SDK: one thread and sixteen queue slots; Reactor Netty: one connection a loop and sixteen calls waiting
		VodProperties oneConnection = new VodProperties("cn-shanghai", emulator.endpoint(), "http", "testAk",
				"testSecret", null, Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofSeconds(30), transport);
		try (VodClient small = VodClient.of(oneConnection, 1, SystemTime.clock())) {
			VodUpstream upstream = vodUpstream(small, 300);
			List<reactor.core.Disposable> queued = new java.util.ArrayList<>();
			java.util.concurrent.atomic.AtomicReference<UpstreamBusyException> refusal =
					new java.util.concurrent.atomic.AtomicReference<>();
			// calls reach the SDK's queue as the send window lets them go: keep asking until it is full and refuses
			Awaitility.await("a call the full SDK queue refuses").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
				.until(() -> {
					queued.add(upstream.fetch(playAuth(id("q", queued.size()))).subscribe(served -> {
					}, failure -> {
						if (failure instanceof UpstreamBusyException busy) {
							refusal.compareAndSet(null, busy);
						}
					}));
					return refusal.get() != null;
				});
			assertThat(refusal.get().retryAfter()).isNotNull();
			assertThat(queued.size()).as("calls asked before the refusal").isGreaterThan(17);
			queued.forEach(reactor.core.Disposable::dispose);
		}
		finally {
			emulator.faults().hang(false);
		}
	}

	@ParameterizedTest(name = "fair share {0}")
	@ValueSource(booleans = { false, true })
	void floodOfMissesStaysWithinTheBudgetInEverySlidingSecond(boolean fairShare) {
		FakeTime time = FakeTime.startingNow();
		try (VodEmulator paced = VodEmulator.start(EmulatorOptions.defaults().withPort(0)
			.withCredentials("testAk", "testSecret")
			.withQps(360)
			.withClock(time)); VodClient pacedClient = VodClient.of(vod(paced, "testSecret", TIMEOUT), 64, time)) {
			UpstreamProperties properties = guardProperties(50);
			AccountQuota quota = AccountQuota.single(properties.budget(), time, time.scheduler(), registry);
			UpstreamBudget budget = fairShare ? FairBudget.of(quota.budget(), properties.budget(), time.scheduler(),
					registry)
					: quota.budget();
			GuardedUpstream guarded = GuardedUpstream.of(vodUpstream(pacedClient, quota, time, time), budget,
					properties, time, time.scheduler(), registry);
			List<Object> outcomes = new CopyOnWriteArrayList<>();

			for (int tick = 0; tick < 40; tick++) {
				for (int i = 0; i < 10; i++) {
					guarded.fetch(playAuth(id("g", tick * 10L + i)).forClient("flooder")).<Object>map(served -> served)
						.onErrorResume(UpstreamBusyException.class, Mono::just)
						.subscribe(outcomes::add);
				}
				awaitAnswersToEverySend();
				time.advance(Duration.ofMillis(50));
			}
			while (outcomes.size() < 400) {
				awaitAnswersToEverySend();
				time.advance(Duration.ofMillis(50));
			}

			long served = outcomes.stream().filter(Served.class::isInstance).count();
			assertThat(paced.stats().peakCallsPerSecond(PLAY_AUTH)).isLessThanOrEqualTo(50).isPositive();
			assertThat(paced.stats().calls(PLAY_AUTH)).isEqualTo(served);
			assertThat(paced.stats().throttled()).isZero();
			assertThat(served).as("the budget is used, not just kept: ~90%% of 50/s for 2.3 s").isBetween(90L, 116L);
			assertThat(outcomes).filteredOn(UpstreamBusyException.class::isInstance)
				.allSatisfy(busy -> assertThat(((UpstreamBusyException) busy).retryAfter())
					.isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
		}
	}

	/** Waits (in real time) until every call that left the send window has its answer counted. */
	private void awaitAnswersToEverySend() {
		Awaitility.await("answers to every call sent").atMost(TIMEOUT).pollInterval(Duration.ofMillis(2)).until(() -> {
			long sent = registry.get("playgate.upstream.pacing").tag("action", "play-auth").timer().count();
			double answered = registry.get("playgate.upstream.calls").tag("action", "play-auth").counters().stream()
				.mapToDouble(counter -> counter.count())
				.sum();
			return answered >= sent;
		});
	}

	private static <T extends CredentialException> T expectFailure(Mono<Served> fetch, Class<T> type) {
		Throwable[] failure = new Throwable[1];
		StepVerifier.create(fetch).consumeErrorWith(error -> failure[0] = error).verify(TIMEOUT);
		assertThat(failure[0]).isInstanceOf(type);
		return type.cast(failure[0]);
	}

	private double outcomeCount(String outcome) {
		return registry.get("playgate.upstream.calls").tag("action", "play-auth").tag("outcome", outcome).counter()
			.count();
	}
}
