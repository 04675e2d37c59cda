package dev.playgate.gateway.security;

import dev.playgate.gateway.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import dev.playgate.gateway.credential.ClientRateLimitedException;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.UnauthenticatedException;

import static dev.playgate.gateway.security.Requests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class RateLimitedGateTest {

	private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-11-29T10:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	/** Identifies callers by an {@code X-Client} header, refusing requests without one. */
	private final ClientGate byHeader = headers -> {
		String id = headers.get("X-Client");
		if (id == null) {
			throw new UnauthenticatedException("no client");
		}
		return new ClientIdentity(id);
	};

	@Test
	void burstIsAllowedThenRefusedWithRetryAfter() {
		RateLimitedGate gate = gate(2, 2, 100);

		gate.admit(client("a"));
		gate.admit(client("a"));
		ClientRateLimitedException refusal = refusal(gate, client("a"));

		assertThat(refusal.code()).isEqualTo(ProblemCode.CLIENT_RATE_LIMITED);
		assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(registry.get(Rejections.METRIC).tag("reason", "rate-limited").counter().count()).isEqualTo(1);
	}

	@Test
	void retryAfterCountsDownWithTheTicker() {
		RateLimitedGate gate = gate(0.1, 1, 100);
		gate.admit(client("a"));

		assertThat(refusal(gate, client("a")).retryAfter()).isEqualTo(Duration.ofSeconds(10));
		time.advance(Duration.ofMillis(5_500));
		assertThat(refusal(gate, client("a")).retryAfter()).isEqualTo(Duration.ofSeconds(5));
		time.advance(Duration.ofMillis(4_500));
		assertThat(gate.admit(client("a")).id()).isEqualTo("a");
	}

	@Test
	void tokensRefillAtTheSustainedRate() {
		RateLimitedGate gate = gate(10, 1, 100);
		gate.admit(client("a"));
		assertThat(refusal(gate, client("a"))).isNotNull();

		time.advance(Duration.ofMillis(100));

		assertThat(gate.admit(client("a")).id()).isEqualTo("a");
		assertThat(refusal(gate, client("a"))).isNotNull();
	}

	@Test
	void defaultBurstIsOneSecondOfRequests() {
		RateLimitedGate gate = gate(5, 0, 100);

		for (int i = 0; i < 5; i++) {
			gate.admit(client("a"));
		}

		assertThat(refusal(gate, client("a"))).isNotNull();
	}

	@Test
	void eachClientHasItsOwnBucket() {
		RateLimitedGate gate = gate(1, 1, 100);
		gate.admit(client("a"));

		assertThat(gate.admit(client("b")).id()).isEqualTo("b");
		assertThat(refusal(gate, client("a"))).isNotNull();
	}

	@Test
	void unauthenticatedRequestsTakeNoBucket() {
		RateLimitedGate gate = gate(1, 1, 100);

		assertThatThrownBy(() -> gate.admit(headers())).isInstanceOf(UnauthenticatedException.class);

		assertThat(gate.trackedClients()).isZero();
	}

	@Test
	void floodOfIdentitiesKeepsAtMostMaxClientsBuckets() {
		RateLimitedGate gate = gate(1, 1, 100);

		for (int i = 0; i < 10_000; i++) {
			gate.admit(client("flood-" + i));
		}

		assertThat(gate.trackedClients()).isLessThanOrEqualTo(100);
	}

	@Test
	void idleBucketsAreForgottenOnceFull() {
		RateLimitedGate gate = gate(1, 3, 100);
		gate.admit(client("a"));
		gate.admit(client("b"));

		time.advance(Duration.ofSeconds(3).plusNanos(1));

		assertThat(gate.trackedClients()).isZero();
	}

	@Test
	void concurrentRequestsNeverExceedTheBurst() throws Exception {
		RateLimitedGate gate = gate(1, 100, 100);
		AtomicInteger allowed = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			Future<?>[] tasks = new Future<?>[4];
			for (int t = 0; t < tasks.length; t++) {
				tasks[t] = threads.submit(() -> {
					start.await();
					for (int i = 0; i < 1_000; i++) {
						try {
							gate.admit(client("shared"));
							allowed.incrementAndGet();
						}
						catch (ClientRateLimitedException ex) {
							// expected once the burst is spent
						}
					}
					return null;
				});
			}
			start.countDown();
			for (Future<?> task : tasks) {
				task.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(allowed).hasValue(100);
	}

	@Test
	void retryAfterIsWholeSecondsRoundedUp() {
		assertThat(RateLimitedGate.retryAfter(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(RateLimitedGate.retryAfter(TimeUnit.SECONDS.toNanos(1))).isEqualTo(Duration.ofSeconds(1));
		assertThat(RateLimitedGate.retryAfter(TimeUnit.SECONDS.toNanos(1) + 1)).isEqualTo(Duration.ofSeconds(2));
	}

	private RateLimitedGate gate(double requestsPerSecond, int burst, int maxClients) {
		SecurityProperties.ClientRateLimit limit = new SecurityProperties.ClientRateLimit(requestsPerSecond, burst,
				maxClients);
		return new RateLimitedGate(byHeader, limit, time, new Rejections(registry), Runnable::run);
	}

	private static HttpHeaders client(String id) {
		return headers("X-Client", id);
	}

	private static ClientRateLimitedException refusal(ClientGate gate, HttpHeaders headers) {
		ClientRateLimitedException refusal = catchThrowableOfType(ClientRateLimitedException.class,
				() -> gate.admit(headers));
		assertThat(refusal).as("refusal").isNotNull();
		return refusal;
	}
}
