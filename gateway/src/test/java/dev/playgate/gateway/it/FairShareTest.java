package dev.playgate.gateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fair share of the upstream budget through real HTTP: a client flooding new ids from many connections beside a
 * modest one asking 5 new ids a second, under a budget of 40 calls a second; the modest one is fully served. Clients
 * are API keys, or in mode {@code none} addresses forwarded by a trusted proxy.
 */
final class FairShareTest {

	private static final String FLOOD_KEY = "flooding-client-key-0001";
	private static final String MODEST_KEY = "modest-client-key-00001";
	private static final int FLOOD_CONNECTIONS = 48; // more than one client may queue (40/s * 1 s): the flood is also refused at once
	private static final int MODEST_REQUESTS = 20; // 4 s at 5 a second
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

	private VodEmulator emulator;
	private RunningGateway gateway;
	private ExecutorService threads;
	private HttpClient http;

	@BeforeEach
	void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		threads = Executors.newCachedThreadPool();
		http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(threads)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		threads.shutdownNow();
		if (gateway != null) {
			gateway.close();
		}
		emulator.close();
	}

	@Test
	void aModestApiKeyIsFullyServedBesideAFloodingOne() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.permits-per-second", 40,
				"playgate.upstream.fair-share", true, "playgate.upstream.max-wait", "1s",
				"playgate.upstream.call-timeout", "15s", "playgate.vod.read-timeout", "10s",
				"playgate.security.mode", "api-key",
				"playgate.security.api-keys[0].id", "flooder",
				"playgate.security.api-keys[0].sha256", sha256(FLOOD_KEY),
				"playgate.security.api-keys[1].id", "modest",
				"playgate.security.api-keys[1].sha256", sha256(MODEST_KEY)));

		Outcome outcome = floodBeside("X-Api-Key", FLOOD_KEY, MODEST_KEY);

		assertThat(outcome.modest()).containsOnly(200).hasSize(MODEST_REQUESTS);
		assertThat(outcome.flood().get(503)).as("the flood saturated the budget").isPositive();
	}

	@Test
	void aModestAddressIsFullyServedBesideAFloodingOneBehindATrustedProxy() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.permits-per-second", 40,
				"playgate.upstream.fair-share", true, "playgate.upstream.max-wait", "1s",
				"playgate.upstream.call-timeout", "15s", "playgate.vod.read-timeout", "10s",
				"playgate.security.trusted-proxies[0]", "127.0.0.1"));

		Outcome outcome = floodBeside("X-Forwarded-For", "203.0.113.7", "198.51.100.9");

		assertThat(outcome.modest()).containsOnly(200).hasSize(MODEST_REQUESTS);
		assertThat(outcome.flood().get(503)).as("the flood saturated the budget").isPositive();
	}

	@Test
	void forwardedAddressesFromATrustedProxyEachHaveTheirOwnQuota() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.security.trusted-proxies[0]", "127.0.0.0/8",
				"playgate.security.client-rate-limit.requests-per-second", 1,
				"playgate.security.client-rate-limit.burst", 2));

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(get(GatewayFleet.freshVideo(), "X-Forwarded-For", "192.0.2." + (i + 1)).statusCode());
		}

		assertThat(statuses).containsOnly(200);
	}

	@Test
	void xForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.security.client-rate-limit.requests-per-second", 1,
				"playgate.security.client-rate-limit.burst", 2));

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(get(GatewayFleet.freshVideo(), "X-Forwarded-For", "192.0.2." + (i + 1)).statusCode());
		}

		// every request is the peer's, 127.0.0.1: one quota of a burst of 2, whatever the header says
		assertThat(statuses.subList(0, 2)).containsOnly(200);
		assertThat(statuses).contains(429);
	}

	/*
	 * The flood tests allow VOD calls a long timeout: on a loaded machine a cold JVM's first SDK calls can take
	 * seconds, which is a 504 that says nothing about how the budget is shared.
	 */

	/**
	 * Floods new ids as {@code flooder} from many connections, and meanwhile asks 5 new ids a second as
	 * {@code modest}; {@code header} carries who is asking.
	 */
	private Outcome floodBeside(String header, String flooder, String modest) throws Exception {
		for (int i = 0; i < 3; i++) { // a cold SDK's first calls are slow: warm it before timing anything
			get(GatewayFleet.freshVideo(), header, modest);
		}
		AtomicBoolean flooding = new AtomicBoolean(true);
		Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
		List<Future<?>> floodThreads = new ArrayList<>();
		for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
			floodThreads.add(threads.submit(() -> {
				while (flooding.get()) {
					int status = get(GatewayFleet.freshVideo(), header, flooder).statusCode();
					flood.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
					if (status != 200) {
						TimeUnit.MILLISECONDS.sleep(100); // refused at once: do not spin the shared machine
					}
				}
				return null;
			}));
		}
		TimeUnit.SECONDS.sleep(1); // let the flood fill the queue first
		List<Future<Object>> asks = new ArrayList<>();
		for (int i = 0; i < MODEST_REQUESTS; i++) {
			asks.add(threads.submit((java.util.concurrent.Callable<Object>) () -> {
				HttpResponse<String> answer = get(GatewayFleet.freshVideo(), header, modest);
				return answer.statusCode() == 200 ? 200 : answer.statusCode() + " " + answer.body();
			}));
			TimeUnit.MILLISECONDS.sleep(200);
		}
		List<Object> modestStatuses = new ArrayList<>();
		for (Future<Object> ask : asks) {
			modestStatuses.add(ask.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		}
		flooding.set(false);
		for (Future<?> thread : floodThreads) {
			thread.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		Map<Integer, Integer> floodStatuses = new ConcurrentHashMap<>();
		flood.forEach((status, count) -> floodStatuses.put(status, count.get()));
		return new Outcome(modestStatuses, floodStatuses);
	}

	private HttpResponse<String> get(String video, String header, String value) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + gateway.port() + "/v1/videos/" + video + "/play-auth"))
			.header(header, value)
			.timeout(ANSWER_TIMEOUT)
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String sha256(String text) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
			.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return java.util.HexFormat.of().formatHex(digest);
	}

	/** The statuses the modest client got, in order (with the body when not 200), and how often the flood got each status. */
	private record Outcome(List<Object> modest, Map<Integer, Integer> flood) {
	}
}
