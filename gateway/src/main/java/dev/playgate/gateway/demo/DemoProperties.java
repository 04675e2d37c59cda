package dev.playgate.gateway.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo mode settings ({@code playgate.demo.*}).
 *
 * @param enabled whether to start the in-process emulator
 * @param emulatorPort the loopback port the emulator listens on; {@code playgate.vod.endpoint} points at it
 * @param qps the emulator's per-action quota, as VOD's (360)
 */
@ConfigurationProperties("playgate.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("18090") int emulatorPort,
		@DefaultValue("360") int qps) {

	/** Validates the port. */
	public DemoProperties {
		if (emulatorPort < 1 || emulatorPort > 65535) {
			throw new IllegalArgumentException("playgate.demo.emulator-port must be within 1..65535: " + emulatorPort);
		}
	}
}
