package dev.playgate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The playgate gateway: a caching, coalescing, budget-keeping front for VOD playback credentials. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlaygateApplication {

	/** Starts the gateway. */
	public static void main(String[] args) {
		SpringApplication.run(PlaygateApplication.class, args);
	}
}
