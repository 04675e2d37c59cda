package dev.playgate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code local-sign} start-up: without the catalogue-events receiver it warns that takedowns wait for the TTL. */
@ExtendWith(OutputCaptureExtension.class)
final class LocalSignStartupWarningTest {

	private static final String CDN_KEY = "startupCdnKey26";

	private static final String WARNING = "a blocked or deleted video keeps being signed until its catalogue expires";

	private static VodEmulator emulator;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0), CdnOptions.defaults().withKey(CDN_KEY));
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void withoutTheReceiverStartUpWarnsThatTakedownsWaitForTheCatalogueTtl(CapturedOutput output) {
		Map<String, Object> properties = localSign();
		properties.put("playgate.play-info.catalogue-ttl", "20m");

		try (RunningGateway gateway = RunningGateway.start(emulator, properties)) {
			assertThat(output.getOut()).contains("WARN", WARNING, "playgate.events.auth-key",
					"playgate.play-info.catalogue-ttl=PT20M").doesNotContain(CDN_KEY);
		}
	}

	@Test
	void withTheReceiverConfiguredThereIsNoSuchWarning(CapturedOutput output) {
		Map<String, Object> properties = localSign();
		properties.put("playgate.events.callback-url", "https://gateway.example.test/v1/vod/events");
		properties.put("playgate.events.auth-key", "startupKey7");

		try (RunningGateway gateway = RunningGateway.start(emulator, properties)) {
			assertThat(output.getOut()).doesNotContain(WARNING).doesNotContain(CDN_KEY);
		}
	}

	private static Map<String, Object> localSign() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("playgate.play-info.mode", "local-sign");
		properties.put("playgate.play-info.url-signing.key", CDN_KEY);
		return properties;
	}
}
