package dev.playgate.gateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fair share of the upstream budget (on by default) through real HTTP, under a budget of 40 calls a second: a
 * client flooding new ids from many connections alone gets as many calls a second as the plain budget gives it;
 * beside it, a modest one asking 5 new ids a second is fully served. Upstream calls are counted at the emulator
 * ({@code GET /__admin/stats}). Clients are API keys, or in mode {@code none} addresses forwarded by a trusted proxy.
 */
final class FairShareTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final String PLAY_AUTH = "GetVideoPlayAuth";
	private static final String FLOOD_KEY = "flooding-client-key-0001";
	private static final String MODEST_KEY = "modest-client-key-00001";
	private static final int BUDGET = 40;
	private static final int FLOOD_CONNECTIONS = 48; // more than one client may queue (40/s * 1 s): the flood is also refused at once
	private static final int MODEST_REQUESTS = 20; // 4 s at 5 a second
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

	private VodEmulator emulator;
	private RunningGateway gateway;
	private ExecutorService threads;
	private ScheduledExecutorService timer;
	private HttpClient http;

	@BeforeEach
	void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		threads = Executors.newCachedThreadPool();
		timer = Executors.newSingleThreadScheduledExecutor();
		http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(threads)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		timer.shutdownNow();
		threads.shutdownNow();
		if (gateway != null) {
			gateway.close();
		}
		emulator.close();
	}

	/**
	 * A throughput claim, so a ratio against a baseline measured in the same test on the same machine: the plain,
	 * first-come budget (the fair share off) under the same flood. The share measured first, on the colder JVM.
	 */
	@Test
	void aFloodingClientAloneGetsAsMuchOfTheBudgetAsWithoutTheFairShare() throws Exception {
		double fair = loneFloodCallsPerSecond(Map.of());
		double plain = loneFloodCallsPerSecond(Map.of("playgate.upstream.fair-share", false));

		// a third of the plain budget's was what the share gave before it handed permits out as they were granted
		assertThat(fair).as("upstream calls per second of a lone flood with the fair share, the plain budget's %.1f",
				plain)
			.isGreaterThanOrEqualTo(0.8 * plain);
		// arrivals on real time carry the machine's scheduling spread: the exact sliding-second bound is checked on
		// fake time (UpstreamEmulatorTest's flood, with the fair share on and off)
		assertThat(fair).isLessThanOrEqualTo(1.1 * BUDGET);
	}

	/** Floods as one client from many connections; the calls per second the emulator counted once the queue was full. */
	private double loneFloodCallsPerSecond(Map<String, Object> extra) throws Exception {
		Map<String, Object> properties = new java.util.HashMap<>(apiKeys());
		properties.putAll(extra);
		gateway = RunningGateway.start(emulator, properties);
		try {
			warm("X-Api-Key", FLOOD_KEY);
			Flood flood = Flood.start(this, "X-Api-Key", FLOOD_KEY);
			awaitUpstreamCalls(upstreamCalls() + BUDGET); // the flood has filled its queue
			long from = upstreamCalls();
			long began = System.nanoTime();
			awaitUpstreamCalls(from + 4 * BUDGET);
			double perSecond = (upstreamCalls() - from) / ((System.nanoTime() - began) / 1e9);
			flood.stop();
			assertThat(flood.statuses().get(503)).as("the flood saturated the budget").isPositive();
			return perSecond;
		}
		finally {
			gateway.close();
			gateway = null;
		}
	}

	@Test
	void aModestApiKeyIsFullyServedBesideAFloodingOne() throws Exception {
		gateway = RunningGateway.start(emulator, apiKeys());

		Outcome outcome = floodBeside("X-Api-Key", FLOOD_KEY, MODEST_KEY);

		assertThat(outcome.modest()).containsOnly(200).hasSize(MODEST_REQUESTS);
		assertThat(outcome.flood().get(503)).as("the flood saturated the budget").isPositive();
		assertThat(outcome.shedForBudget()).as("503s for lack of budget").isPositive();
		assertThat(budgetRejections()).as("playgate_budget_rejections_total{priority=\"user\"}: one per such 503")
			.isEqualTo(outcome.shedForBudget());
	}

	/** {@code playgate_budget_rejections_total} of play-auth's user calls, read from {@code /actuator/prometheus}. */
	private long budgetRejections() {
		String prometheus = gateway.management().get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		Matcher counter = Pattern.compile("(?m)^playgate_budget_rejections_total\\{([^}]*)\\} (\\S+)$")
			.matcher(prometheus);
		double total = 0;
		while (counter.find()) {
			if (counter.group(1).contains("action=\"play-auth\"") && counter.group(1).contains("priority=\"user\"")) {
				total += Double.parseDouble(counter.group(2));
			}
		}
		return Math.round(total);
	}

	@Test
	void aModestAddressIsFullyServedBesideAFloodingOneBehindATrustedProxy() throws Exception {
		gateway = RunningGateway.start(emulator, Map.of("playgate.upstream.permits-per-second", BUDGET,
				"playgate.upstream.max-wait", "1s",
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
	private static Map<String, Object> apiKeys() throws Exception {
		return Map.of("playgate.upstream.permits-per-second", BUDGET, "playgate.upstream.max-wait", "1s",
				"playgate.upstream.call-timeout", "15s", "playgate.vod.read-timeout", "10s",
				"playgate.security.mode", "api-key",
				"playgate.security.api-keys[0].id", "flooder",
				"playgate.security.api-keys[0].sha256", sha256(FLOOD_KEY),
				"playgate.security.api-keys[1].id", "modest",
				"playgate.security.api-keys[1].sha256", sha256(MODEST_KEY));
	}

	/** A cold SDK's first calls are slow: warm it before timing anything. */
	private void warm(String header, String client) throws Exception {
		for (int i = 0; i < 3; i++) {
			get(GatewayFleet.freshVideo(), header, client);
		}
	}

	/**
	 * Floods new ids as {@code flooder} from many connections, and meanwhile asks 5 new ids a second as
	 * {@code modest}; {@code header} carries who is asking.
	 */
	private Outcome floodBeside(String header, String flooder, String modest) throws Exception {
		warm(header, modest);
		Flood flood = Flood.start(this, header, flooder);
		awaitUpstreamCalls(upstreamCalls() + BUDGET); // let the flood fill the queue first
		List<CompletableFuture<Object>> asks = new ArrayList<>();
		AtomicInteger sent = new AtomicInteger();
		CompletableFuture<Void> allSent = new CompletableFuture<>();
		timer.scheduleAtFixedRate(() -> {
			if (sent.get() < MODEST_REQUESTS) {
				sent.incrementAndGet();
				asks.add(send(GatewayFleet.freshVideo(), header, modest)
					.thenApply(answer -> answer.statusCode() == 200 ? 200 : answer.statusCode() + " " + answer.body()));
			}
			else {
				allSent.complete(null);
			}
		}, 0, 200, TimeUnit.MILLISECONDS);
		allSent.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		List<Object> modestStatuses = new ArrayList<>();
		for (CompletableFuture<Object> ask : asks) {
			modestStatuses.add(ask.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		}
		flood.stop();
		return new Outcome(modestStatuses, flood.statuses(), flood.shedForBudget());
	}

	/**
	 * A client asking new ids from {@link #FLOOD_CONNECTIONS} connections at once, each asking again as soon as it is
	 * answered, or 100 ms after a refusal (refused at once: it must not spin the shared machine).
	 */
	private static final class Flood {

		private final FairShareTest test;
		private final String header;
		private final String client;
		private final AtomicBoolean flooding = new AtomicBoolean(true);
		private final AtomicInteger open = new AtomicInteger();
		private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		private final AtomicInteger shedForBudget = new AtomicInteger();

		private Flood(FairShareTest test, String header, String client) {
			this.test = test;
			this.header = header;
			this.client = client;
		}

		static Flood start(FairShareTest test, String header, String client) {
			Flood flood = new Flood(test, header, client);
			for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
				flood.open.incrementAndGet();
				flood.ask();
			}
			return flood;
		}

		private void ask() {
			if (!flooding.get()) {
				open.decrementAndGet();
				return;
			}
			test.send(GatewayFleet.freshVideo(), header, client).whenComplete((answer, failure) -> {
				int status = answer == null ? -1 : answer.statusCode();
				statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
				if (status == 503 && answer.body().contains("budget")) {
					shedForBudget.incrementAndGet(); // not the bulkhead's or the breaker's
				}
				if (status == 200) {
					ask();
				}
				else {
					test.timer.schedule(this::ask, 100, TimeUnit.MILLISECONDS);
				}
			});
		}

		/** Stops asking and waits until every connection's last request is answered. */
		void stop() {
			flooding.set(false);
			Awaitility.await("the flood's last answers").atMost(ANSWER_TIMEOUT).until(() -> open.get() == 0);
		}

		/** The 503s that said the budget was spent (by the fair share, or the budget behind it). */
		long shedForBudget() {
			return shedForBudget.get();
		}

		Map<Integer, Integer> statuses() {
			Map<Integer, Integer> counts = new ConcurrentHashMap<>();
			statuses.forEach((status, count) -> counts.put(status, count.get()));
			return counts;
		}
	}

	/** GetVideoPlayAuth calls the emulator counted, read from its {@code GET /__admin/stats}. */
	private long upstreamCalls() throws Exception {
		return emulatorStats().path("actions").path(PLAY_AUTH).path("calls").asLong();
	}

	private JsonNode emulatorStats() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + emulator.endpoint() + "/__admin/stats"))
			.timeout(ANSWER_TIMEOUT)
			.GET()
			.build();
		return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
	}

	private void awaitUpstreamCalls(long calls) {
		Awaitility.await("the emulator counted " + calls + " calls")
			.atMost(Duration.ofSeconds(60)) // a lone flood's 160 calls on a machine loaded many times over
			.pollInterval(Duration.ofMillis(50))
			.until(() -> upstreamCalls() >= calls);
	}

	private HttpResponse<String> get(String video, String header, String value) throws Exception {
		return http.send(request(video, header, value), HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> send(String video, String header, String value) {
		return http.sendAsync(request(video, header, value), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String video, String header, String value) {
		return HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + gateway.port() + "/v1/videos/" + video + "/play-auth"))
			.header(header, value)
			.timeout(ANSWER_TIMEOUT)
			.GET()
			.build();
	}

	private static String sha256(String text) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
			.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return java.util.HexFormat.of().formatHex(digest);
	}

	/**
	 * The statuses the modest client got, in order (with the body when not 200), how often the flood got each status,
	 * and how many of its 503s were for lack of budget.
	 */
	private record Outcome(List<Object> modest, Map<Integer, Integer> flood, long shedForBudget) {
	}
}
