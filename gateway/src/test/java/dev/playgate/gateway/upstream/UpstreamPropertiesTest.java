package dev.playgate.gateway.upstream;

import java.time.Duration;
import java.util.Map;

import dev.playgate.gateway.budget.BudgetPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class UpstreamPropertiesTest {

	static UpstreamProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("playgate.upstream",
				Bindable.of(UpstreamProperties.class));
	}

	@Test
	void defaultsKeepUnderTheQuotaWithBoundedWaitsAndThreeAttempts() {
		UpstreamProperties upstream = bind(Map.of());

		assertThat(upstream.permitsPerSecond()).isEqualTo(300);
		assertThat(upstream.maxWait()).isEqualTo(Duration.ofMillis(500));
		assertThat(upstream.maxConcurrentCalls()).isEqualTo(64);
		assertThat(upstream.callTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(upstream.retry()).isEqualTo(
				new UpstreamProperties.Retries(3, Duration.ofMillis(100), Duration.ofSeconds(2), 0.5));
		assertThat(upstream.circuitBreaker()).isEqualTo(
				new UpstreamProperties.Breaker(50, 20, 10, Duration.ofSeconds(10), 3));
		assertThat(upstream.budget())
			.isEqualTo(new BudgetPolicy(300, Duration.ofMillis(500), 0.2, Duration.ofSeconds(10), true));
	}

	@Test
	void nestedKeysBindByRelaxedNames() {
		UpstreamProperties upstream = bind(Map.of("playgate.upstream.permits-per-second", "120",
				"playgate.upstream.retry.max-attempts", "1",
				"playgate.upstream.circuit-breaker.wait-in-open-state", "2s"));

		assertThat(upstream.budget().permitsPerSecond()).isEqualTo(120);
		assertThat(upstream.retry().maxAttempts()).isEqualTo(1);
		assertThat(upstream.circuitBreaker().waitInOpenState()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void everyBadValueIsRefusedWithItsKey() {
		assertRefused("playgate.upstream.permits-per-second", "1",
				"playgate.upstream.permits-per-second must be at least 2: 1");
		assertRefused("playgate.upstream.max-wait", "-1s", "playgate.upstream.max-wait must be within 0s..30s: PT-1S");
		assertRefused("playgate.upstream.refresh-reserve", "1",
				"playgate.upstream.refresh-reserve must be within [0, 1): 1.0");
		assertRefused("playgate.upstream.max-concurrent-calls", "0",
				"playgate.upstream.max-concurrent-calls must be within 1..1024: 0");
		assertRefused("playgate.upstream.call-timeout", "0s",
				"playgate.upstream.call-timeout must be positive and at most PT5M: PT0S");
		assertRefused("playgate.upstream.retry.max-attempts", "0",
				"playgate.upstream.retry.max-attempts must be within 1..10: 0");
		assertRefused("playgate.upstream.retry.jitter", "1.5",
				"playgate.upstream.retry.jitter must be within [0, 1): 1.5");
		assertRefused("playgate.upstream.retry.max-backoff", "50ms",
				"playgate.upstream.retry.max-backoff must not be below initial-backoff (PT0.1S): PT0.05S");
		assertRefused("playgate.upstream.circuit-breaker.failure-rate-threshold", "0",
				"playgate.upstream.circuit-breaker.failure-rate-threshold must be within (0, 100]: 0.0");
		assertRefused("playgate.upstream.circuit-breaker.minimum-calls", "0",
				"playgate.upstream.circuit-breaker.sliding-window and minimum-calls must be at least 1: 20, 0");
	}

	private static void assertRefused(String key, String value, String message) {
		assertThatThrownBy(() -> bind(Map.of(key, value))).as(key).rootCause().hasMessage(message);
	}
}
