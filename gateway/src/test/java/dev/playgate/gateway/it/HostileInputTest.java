package dev.playgate.gateway.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 hostile raw-socket requests, seeded so a failure is reproducible: bad percent-encodings in path and query,
 * bad and repeated headers, oversized lines and header sections, bad JSON to the batch route, unicode, path tricks,
 * bad methods and versions, broken chunked bodies, pipelined after a good-looking one. Every one is built to cost
 * no upstream call; each must be answered 4xx or see its connection closed, never 5xx, with no stack trace in the
 * log, and the gateway healthy afterwards.
 */
final class HostileInputTest {

	private static final long SEED = 20261202L;
	private static final int REQUESTS = 10_000;
	private static final int CLIENTS = 16;
	private static final String VIDEO = "0123456789abcdef0123456789abcdef";

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of("playgate.edge.header-timeout", "1s",
				"playgate.edge.body-timeout", "1s", "logging.level.dev.playgate", "INFO"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@Test
	void hostileRequestsAreRefusedWithoutUpstreamCallsOrStackTraces() throws Exception {
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger closed = new AtomicInteger();
		List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (CapturedLog log = CapturedLog.attach()) {
			ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
			try {
				List<Future<?>> clients = new ArrayList<>();
				for (int c = 0; c < CLIENTS; c++) {
					Random random = new Random(SEED + c);
					clients.add(threads.submit(() -> {
						for (int i = 0; i < REQUESTS / CLIENTS; i++) {
							String request = Hostile.request(random);
							int[] answers = send(request);
							if (answers.length == 0) {
								closed.incrementAndGet();
							}
							for (int status : answers) {
								statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
								if (status >= 500 || status < 400) {
									serverErrors.add(status + " <- " + Hostile.printable(request));
								}
							}
						}
						return null;
					}));
				}
				for (Future<?> client : clients) {
					client.get();
				}
			}
			finally {
				threads.shutdownNow();
			}

			assertThat(serverErrors).as("answers other than 4xx").isEmpty();
			assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum() + closed.get())
				.isGreaterThanOrEqualTo(REQUESTS);
			assertThat(emulator.stats().totalCalls()).isZero();
			assertThat(log.withStackTraces()).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
			assertThat(log.events()).allSatisfy(event -> {
				assertThat(event.getFormattedMessage()).hasSizeLessThan(400).doesNotContain("\n");
			});
			assertThat(log.events()).hasSizeLessThan(20);
		}
		Answer healthy = RawHttp.exchange(gateway.port(),
				"GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
		assertThat(healthy.status()).isEqualTo(200);
		gateway.management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	private static int[] send(String request) {
		List<Integer> answers = new ArrayList<>();
		try (RawHttp http = RawHttp.connect(gateway.port(), 5_000)) {
			http.send(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			for (int expected = Hostile.count(request); expected > 0; expected--) {
				Answer answer = http.read(request.startsWith("HEAD "));
				if (answer == null) {
					break;
				}
				answers.add(answer.status());
			}
		}
		catch (java.io.IOException closedOrSlow) {
			// a closed connection (or one left waiting) is an allowed outcome
		}
		return answers.stream().mapToInt(Integer::intValue).toArray();
	}

	/** The generator of hostile requests; each one is fatal by construction, whatever noise is added to it. */
	private static final class Hostile {

		private static final String[] BAD_ESCAPES = { "%zz", "%", "%2", "%%", "%u0041", "%E0%A4%A", "%g0", "%0" };
		private static final String[] BAD_IDS = { "short", "x".repeat(33), "../" + VIDEO, "%2e%2e", "é".repeat(32),
				VIDEO.substring(1) + "_", "", "\u202e" + VIDEO.substring(1), VIDEO + "/..", "%00" + VIDEO.substring(3) };
		private static final String[] PATHS = { "/", "/../../etc/passwd", "//v1/videos", "/v1/videos/", "/v1//videos/"
				+ VIDEO + "/play-auth", "/v1/%2e%2e/x", "/v2/videos/" + VIDEO + "/play-auth", "/actuator/prometheus",
				"/v1/play-auth/batch/..", "*", "http://evil.example/v2/videos/" + VIDEO + "/play-auth", "/\u00ff\u00fe",
				"/v1/videos/" + VIDEO + "/play-auth/extra", "/v1/vod/events" };
		private static final String[] METHODS = { "GET", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH",
				"CONNECT", "get", "G\u00c9T", "G@T", "", "HEAD", "BREW", "GET GET" };
		private static final String[] VERSIONS = { "HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/1", "HTTP",
				"HTXP/1.1", "HTTP/1.1 extra", "", "HTTP/11.1" };
		private static final String[] BAD_JSON = { "{not json", "[]", "{}", "{\"videoIds\":[]}", "{\"videoIds\":\"x\"}",
				"{\"videoIds\":[1,2]}", "{\"videoIds\":[null]}", "{\"videoIds\":[" + "[".repeat(2000),
				"{\"videoIds\":[\"\\ud800\"", "\u00ef\u00bb\u00bf{", "{\"videoIds\":[" + ("\"" + VIDEO + "\",").repeat(100)
						+ "\"" + VIDEO + "\"]}", "\"" + "a".repeat(20_000) + "\"", "{\"videoIds\":[1e999999]}", "nul" };

		static String request(Random random) {
			return switch (random.nextInt(10)) {
				case 0 -> line(pick(random, new String[] { "GET", "HEAD" }),
						"/v1/videos/" + VIDEO + "/play-" + (random.nextBoolean() ? "auth" : "info") + "?"
								+ junkParam(random) + "=" + pick(random, BAD_ESCAPES), "HTTP/1.1", headers(random), "");
				case 1 -> line("GET", "/v1/videos/" + pick(random, BAD_IDS) + "/play-auth" + maybeQuery(random),
						"HTTP/1.1", headers(random), "");
				case 2 -> line(pick(random, METHODS), pick(random, PATHS) + maybeQuery(random), "HTTP/1.1",
						headers(random), "");
				case 3 -> line("GET", "/v1/videos/" + VIDEO + "/play-auth", pick(random, VERSIONS), headers(random), "");
				case 4 -> "GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\n" + (random.nextBoolean() ? ""
						: "Host: a\r\nHost: b\r\n") + noise(random) + "\r\n";
				case 5 -> "GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: a\r\n"
						+ ("X-" + random.nextInt(10) + ": " + "v".repeat(random.nextInt(50)) + "\r\n").repeat(2000)
						+ "\r\n";
				case 6 -> "GET /" + "a".repeat(4000 + random.nextInt(8000)) + " HTTP/1.1\r\nHost: a\r\n\r\n";
				case 7 -> batch(random, pick(random, BAD_JSON));
				case 8 -> "POST /v1/play-auth/batch HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\n" + pick(random, new String[] { "zz\r\n", "-1\r\n",
								"5\r\n{\"vi\r\n0\r\n\r\n", "ffffffffffffffffff\r\n", "3;\u0000\r\nabc\r\n0\r\n\r\n" });
				default -> line("GET", "/v1/videos/bad/play-auth", "HTTP/1.1", "Host: a\r\n", "")
						+ request(random);
			};
		}

		private static String line(String method, String target, String version, String headers, String body) {
			return method + " " + target + " " + version + "\r\n" + headers + "\r\n" + body;
		}

		private static String batch(Random random, String body) {
			int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
			String type = random.nextInt(8) == 0 ? "text/plain" : "application/json";
			return "POST /v1/play-auth/batch" + maybeQuery(random) + " HTTP/1.1\r\nHost: a\r\nContent-Type: " + type
					+ "\r\nContent-Length: " + length + "\r\n" + noise(random) + "\r\n" + body;
		}

		private static String headers(Random random) {
			return (random.nextInt(6) == 0 ? "" : "Host: a\r\n") + noise(random);
		}

		private static String noise(Random random) {
			StringBuilder out = new StringBuilder();
			for (int i = random.nextInt(4); i > 0; i--) {
				out.append(pick(random, new String[] { "X-Unicode: \u00e9\u4e2d\u202e", "Authorization: Bearer %zz",
						"X-Api-Key: \u0000\u0001", "Cookie: " + "c".repeat(random.nextInt(3000)), "Bad Header: x",
						": empty", "X-Forwarded-For: ../../", "Accept: */*", "Content-Length: x", "X-Fold: a\r\n b" }))
					.append("\r\n");
			}
			return out.toString();
		}

		private static String maybeQuery(Random random) {
			return random.nextBoolean() ? "" : "?" + junkParam(random) + "=" + pick(random, BAD_ESCAPES);
		}

		private static String junkParam(Random random) {
			return pick(random, new String[] { "x", "authInfoTimeout", "minValidity", "formats", "\u00e9", "a[]" });
		}

		private static String pick(Random random, String[] values) {
			return values[random.nextInt(values.length)];
		}

		/** How many answers a request may get: pipelined ones carry a leading refused request. */
		static int count(String request) {
			return request.startsWith("GET /v1/videos/bad/play-auth HTTP/1.1\r\nHost: a\r\n\r\n") ? 2 : 1;
		}

		static String printable(String request) {
			String cut = request.length() > 200 ? request.substring(0, 200) : request;
			return cut.replace("\r", "\\r").replace("\n", "\\n");
		}
	}
}
