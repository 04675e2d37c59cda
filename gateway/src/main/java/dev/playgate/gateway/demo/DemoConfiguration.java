package dev.playgate.gateway.demo;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.events.EventsProperties;
import dev.playgate.gateway.upstream.VodProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the in-process VOD emulator of demo mode, with the credentials the gateway is configured with, sending its
 * signed event callbacks to this gateway's receiver when {@code playgate.events.auth-key} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("playgate.demo.enabled")
class DemoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

	@Bean(destroyMethod = "close")
	VodEmulator demoEmulator(DemoProperties demo, VodProperties vod, EventsProperties events) {
		VodEmulator emulator = VodEmulator.start(EmulatorOptions.defaults()
			.withHost("127.0.0.1")
			.withPort(demo.emulatorPort())
			.withQps(demo.qps())
			.withCredentials(vod.accessKeyId(), vod.accessKeySecret()));
		if (events.isEnabled()) {
			// the demo's emulator sends VOD's signed callbacks to this gateway, as VOD would after SetMessageCallback
			emulator.videos().callbackTo(events.callbackUrl(), events.authKey());
		}
		log.warn("DEMO MODE: answering from an in-process VOD emulator on {}; never use this in production",
				emulator.endpoint());
		return emulator;
	}
}
