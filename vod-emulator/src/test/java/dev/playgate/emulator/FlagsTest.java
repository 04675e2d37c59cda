package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

final class FlagsTest {

	@Test
	void flagsBecomeOptions() {
		Flags flags = Flags.parse("--port", "18080", "--host=0.0.0.0", "--access-key-id", "AK", "--access-key-secret",
				"SK", "--security-token", "TOK", "--credential", "AK2:SK2", "--qps", "100", "--action-qps",
				"GetVideoInfo=10", "--latency-ms", "20", "--jitter-ms", "5", "--quota-window", "fixed",
				"--throttle-status", "429");

		EmulatorOptions options = flags.options();
		assertThat(options.port()).isEqualTo(18080);
		assertThat(options.host()).isEqualTo("0.0.0.0");
		assertThat(options.accessKeys()).containsExactly(AccessKey.sts("AK", "SK", "TOK"), AccessKey.of("AK2", "SK2"));
		assertThat(options.qpsOf("GetPlayInfo")).isEqualTo(100);
		assertThat(options.qpsOf("GetVideoInfo")).isEqualTo(10);
		assertThat(options.latency()).isEqualTo(Duration.ofMillis(20));
		assertThat(options.jitter()).isEqualTo(Duration.ofMillis(5));
		assertThat(options.quotaWindow()).isEqualTo(QuotaWindow.FIXED);
		assertThat(options.throttleStatus()).isEqualTo(429);
		assertThat(flags.isHelp()).isFalse();
	}

	@Test
	void cdnAuthTypeSelectsTheSigningOfPlayUrlsAndOfTheEdge() {
		assertThat(Flags.parse("--cdn-auth-type", "b").cdn().authType()).isEqualTo(CdnAuthType.B);
		assertThat(Flags.parse("--cdn-auth-type=C").cdn().authType()).isEqualTo(CdnAuthType.C);
		assertThat(Flags.usage()).contains("--cdn-auth-type A|B|C");
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--cdn-auth-type", "F"))
				.withMessageContaining("cdn-auth-type");
	}

	@Test
	void cdnFlagsSetTheSigningKeyAndTheEdgeValidity() {
		Flags flags = Flags.parse("--cdn-key", "myDomainKey1", "--cdn-validity=1800");

		assertThat(flags.cdn().key()).isEqualTo("myDomainKey1");
		assertThat(flags.cdn().validity()).isEqualTo(Duration.ofSeconds(1800));
		assertThat(Flags.parse().cdn()).isEqualTo(CdnOptions.defaults());
		assertThat(Flags.parse().cdn().authType()).isEqualTo(CdnAuthType.A);
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--cdn-key", "has-hyphen"))
				.withMessageContaining("cdn-key");
	}

	@Test
	void defaultsListenOn18080WithTheTestKey() {
		EmulatorOptions options = Flags.parse().options();

		assertThat(options.port()).isEqualTo(18080);
		assertThat(options.host()).isEqualTo("127.0.0.1");
		assertThat(options.accessKeys()).containsExactly(AccessKey.of("testAk", "testSecret"));
	}

	@Test
	void faultFlagsApplyToTheStartedEmulator() {
		Flags flags = Flags.parse("--error-rate", "0.5", "--error-code", "InternalError", "--outage");
		try (VodEmulator emulator = VodEmulator.start(flags.options().withPort(0))) {
			flags.applyFaults(emulator.faults());

			assertThat(emulator.faults().errorRate()).isEqualTo(0.5);
			assertThat(emulator.faults().outage()).isTrue();
		}
	}

	@Test
	void callbackFlagsPointTheStartedEmulatorsEvents() {
		Flags flags = Flags.parse("--callback-url", "http://127.0.0.1:1/v1/vod/events", "--callback-key", "key1");
		try (VodEmulator emulator = VodEmulator.start(flags.options().withPort(0))) {
			flags.applyCallbacks(emulator);
			assertThat(emulator.videoAdmin()).isNotNull();
			assertThat(emulator.videos().review("c".repeat(32), "Blocked")).isZero();
		}
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--callback-url", "http://x/y"))
			.withMessageContaining("--callback-key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Flags.parse("--callback-url", "ftp://x/y", "--callback-key", "k"))
			.withMessageContaining("callback-url");
	}

	@Test
	void wrongFlagsAreRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--nope")).withMessageContaining("--nope");
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--port")).withMessageContaining("--port");
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--port", "x")).withMessageContaining("x");
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--qps", "0")).withMessageContaining("qps");
		assertThatIllegalArgumentException().isThrownBy(() -> Flags.parse("--action-qps", "Foo=1"))
				.withMessageContaining("Foo=1");
	}

	@Test
	void helpListsEveryFlag() {
		assertThat(Flags.parse("--help").isHelp()).isTrue();
		assertThat(Flags.usage()).contains("--port", "--host", "--access-key-id", "--access-key-secret", "--qps",
				"--latency-ms", "--jitter-ms", "--throttle-status", "--error-rate", "--outage", "--nonce-capacity");
	}

	@Test
	void secretsNeverAppearInOptionsText() {
		assertThat(Flags.parse("--access-key-secret", "hunter2", "--security-token", "tok3n").options().toString())
				.doesNotContain("hunter2").doesNotContain("tok3n");
	}
}
