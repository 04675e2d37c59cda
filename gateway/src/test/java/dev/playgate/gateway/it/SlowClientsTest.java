package dev.playgate.gateway.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.RawHttp.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and idle connections are closed by the edge's timeouts (short ones here: 1 s for headers and body, 2 s idle)
 * while normal requests keep being served, and connections beyond the bound are refused. Real sockets, real time.
 */
final class SlowClientsTest {

	private static final String VIDEO = "0123456789abcdef0123456789abcdef";
	private static final String GET = "GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: playgate\r\n\r\n";
	private static final int READ_TIMEOUT_MILLIS = 8_000;

	private static VodEmulator emulator;
	private static RunningGateway gateway;
	private static RunningGateway small;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.edge.header-timeout", "1s",
				"playgate.edge.body-timeout", "1s", "playgate.edge.idle-timeout", "2s"));
		// both live for the whole class: gateways in one JVM share Reactor Netty's global event loops
		small = RunningGateway.start(emulator, Map.of("playgate.edge.max-connections", 5));
	}

	@AfterAll
	static void stop() {
		small.close();
		gateway.close();
		emulator.close();
	}

	private static double closed(RunningGateway on, String reason) {
		var counter = on.context().getBean(MeterRegistry.class).find("playgate.edge.connections.closed")
			.tag("reason", reason).counter();
		return counter == null ? 0 : counter.count();
	}

	/** Seconds until the server closed the connection, or -1 if it stayed open for the whole read timeout. */
	private static double secondsUntilClosed(RawHttp http) throws IOException {
		long start = System.nanoTime();
		boolean closed = http.isClosedByServer();
		return closed ? (System.nanoTime() - start) / 1e9 : -1;
	}

	private static void assertServed(int times) throws IOException {
		for (int i = 0; i < times; i++) {
			Answer answer = RawHttp.exchange(gateway.port(), GET.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
			assertThat(answer).isNotNull();
			assertThat(answer.status()).isEqualTo(200);
		}
	}

	@Test
	void slowlorisIsClosedByTheHeaderTimeoutWhileOthersAreServed() throws Exception {
		double before = closed(gateway, "header-timeout");
		int connections = 30;
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try {
			List<Future<Double>> lifetimes = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				lifetimes.add(threads.submit(SlowClientsTest::slowloris));
			}
			assertServed(20);
			for (Future<Double> lifetime : lifetimes) {
				// a byte every 200 ms would keep it open forever without a deadline from the first byte
				assertThat(lifetime.get(30, TimeUnit.SECONDS)).isBetween(0.9, 6.0);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(closed(gateway, "header-timeout")).isGreaterThanOrEqualTo(before + connections);
		assertServed(1);
	}

	private static double slowloris() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			long start = System.nanoTime();
			byte[] request = (GET.replace("\r\n\r\n", "\r\n") + "X-Slow: " + "a".repeat(100) + "\r\n\r\n").getBytes();
			try {
				for (byte b : request) {
					http.send(new byte[] { b });
					if (!http.staysSilentFor(200)) {
						return (System.nanoTime() - start) / 1e9; // closed (or answered) while dripping
					}
				}
			}
			catch (IOException closedUnderUs) {
				return (System.nanoTime() - start) / 1e9;
			}
			return -1;
		}
	}

	@Test
	void partialRequestLineIsAnswered408AndClosedByTheHeaderTimeout() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send("GET /v1/videos/" + VIDEO);

			assertAnsweredRequestTimeoutThenClosed(http, System.nanoTime());
		}
	}

	@Test
	void partialHeadersAreAnswered408AndClosedByTheHeaderTimeout() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send(GET.replace("\r\n\r\n", "\r\nX-Partial: yes\r\n"));

			assertAnsweredRequestTimeoutThenClosed(http, System.nanoTime());
		}
	}

	@Test
	void aPartialSecondRequestOnAKeepAliveConnectionIsAnswered408() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send(GET);
			assertThat(http.read(false).status()).isEqualTo(200);
			http.send("GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: pla");

			assertAnsweredRequestTimeoutThenClosed(http, System.nanoTime());
		}
	}

	@Test
	void aPartialRequestSentInTheSameWriteAsACompleteOneIsAnswered408() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send(GET + "GET /v1/videos/" + "fedcba9876543210".repeat(2) + "/play-auth HTTP/1.1\r\nHost: playgate\r\n");
			long start = System.nanoTime();
			assertThat(http.read(false).status()).isEqualTo(200);

			assertAnsweredRequestTimeoutThenClosed(http, start);
		}
	}

	@Test
	void aPartialRequestBehindASlowMissIsTimedOnlyOnceTheMissIsAnswered() throws Exception {
		// the miss takes twice the header timeout: the partial head's timer must not cut the miss's answer off
		emulator.faults().latency(Duration.ofSeconds(2), Duration.ZERO);
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send("GET /v1/videos/" + "51041a11b3d1e5ad".repeat(2) + "/play-auth HTTP/1.1\r\nHost: playgate\r\n\r\n"
					+ "GET /v1/vid");
			Answer miss = http.read(false);
			long answered = System.nanoTime();
			assertThat(miss).as("the miss's answer before anything else").isNotNull();
			assertThat(miss.status()).isEqualTo(200);
			assertThat(miss.headers()).containsEntry("x-cache", "MISS");

			assertAnsweredRequestTimeoutThenClosed(http, answered);
		}
		finally {
			emulator.faults().clear();
		}
	}

	@Test
	void partialBodyIsAnswered408AndClosedByTheBodyTimeout() throws Exception {
		double before = closed(gateway, "body-timeout");
		double refusedBefore = requests(gateway, "request_timeout");
		long callsBefore = emulator.stats().calls("GetVideoPlayAuth");
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send("POST /v1/play-auth/batch HTTP/1.1\r\nHost: playgate\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100\r\n\r\n{\"videoIds\":[");

			assertAnsweredRequestTimeoutThenClosed(http, System.nanoTime());
		}
		assertThat(closed(gateway, "body-timeout")).isEqualTo(before + 1);
		assertThat(requests(gateway, "request_timeout")).isEqualTo(refusedBefore + 1);
		assertThat(emulator.stats().calls("GetVideoPlayAuth")).as("no upstream call for a partial batch")
			.isEqualTo(callsBefore);
	}

	@Test
	void aBodyStillArrivingAfterItsRequestWasAnsweredIsClosedWithoutASecondAnswer() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send(GET.replace("\r\n\r\n", "\r\nContent-Length: 100\r\n\r\n") + "partial");
			assertThat(http.read(false).status()).isEqualTo(200);
			long start = System.nanoTime();

			assertThat(http.read(false)).as("the request has its answer: no 408 after it").isNull();
			assertThat((System.nanoTime() - start) / 1e9).isLessThan(6.0);
		}
	}

	@Test
	void idleKeepAliveIsClosedByTheIdleTimeoutWithoutAnAnswer() throws Exception {
		try (RawHttp http = RawHttp.connect(gateway.port(), READ_TIMEOUT_MILLIS)) {
			http.send(GET);
			assertThat(http.read(false).status()).isEqualTo(200);
			// still open after more than the header timeout: idle is not slow
			assertThat(http.staysSilentFor(1_200)).isTrue();
			http.send(GET);
			assertThat(http.read(false).status()).isEqualTo(200);
			long start = System.nanoTime();

			assertThat(http.read(false)).as("no byte before the close").isNull();
			assertThat((System.nanoTime() - start) / 1e9).isBetween(1.8, 7.0);
		}
	}

	/** The next bytes are a 408 REQUEST_TIMEOUT problem, about a second (the timeout) after {@code start}; closed. */
	private static void assertAnsweredRequestTimeoutThenClosed(RawHttp http, long start) throws IOException {
		Answer answer = http.read(false);
		double seconds = (System.nanoTime() - start) / 1e9;

		assertThat(answer).as("an answer before the close").isNotNull();
		assertThat(answer.status()).isEqualTo(408);
		assertThat(answer.headers()).containsEntry("content-type", "application/problem+json")
			.containsEntry("connection", "close");
		assertThat(answer.body()).contains("\"code\":\"REQUEST_TIMEOUT\"").contains("\"status\":408");
		assertThat(seconds).isBetween(0.9, 6.0);
		assertThat(http.isClosedByServer()).isTrue();
	}

	private static double requests(RunningGateway on, String outcome) {
		var counter = on.context().getBean(MeterRegistry.class).find("playgate.requests")
			.tag("endpoint", "unrouted").tag("outcome", outcome).counter();
		return counter == null ? 0 : counter.count();
	}

	@Test
	void connectionsBeyondTheBoundAreClosedAtOnce() throws Exception {
		{
			List<RawHttp> open = new ArrayList<>();
			try {
				for (int i = 0; i < 5; i++) {
					RawHttp http = RawHttp.connect(small.port(), READ_TIMEOUT_MILLIS);
					http.send(GET);
					assertThat(http.read(false).status()).isEqualTo(200);
					open.add(http);
				}
				try (RawHttp extra = RawHttp.connect(small.port(), READ_TIMEOUT_MILLIS)) {
					assertThat(secondsUntilClosed(extra)).isBetween(0.0, 2.0);
				}
				assertThat(closed(small, "connection-limit")).isEqualTo(1);
				small.management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
				open.remove(0).close();
				awaitOpenConnections(small, 4);
				RawHttp again = RawHttp.connect(small.port(), READ_TIMEOUT_MILLIS);
				open.add(again);
				again.send(GET);
				assertThat(again.read(false).status()).isEqualTo(200);
			}
			finally {
				for (RawHttp http : open) {
					http.close();
				}
			}
		}
	}

	private static void awaitOpenConnections(RunningGateway on, int expected) {
		MeterRegistry registry = on.context().getBean(MeterRegistry.class);
		Awaitility.await("open connections").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(25))
			.until(() -> registry.get("playgate.edge.connections").gauge().value() <= expected);
		assertThat(registry.get("playgate.edge.connections").gauge().value()).isEqualTo(expected);
	}
}
