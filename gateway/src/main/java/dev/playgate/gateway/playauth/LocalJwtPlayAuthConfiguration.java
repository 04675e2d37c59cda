package dev.playgate.gateway.playauth;

import java.time.Clock;

import com.aliyuncs.IAcsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Creates the {@link LocalJwtPlayAuth} of {@code playgate.play-auth.mode=local-jwt}. The PlayKey comes from
 * {@code playgate.play-auth.jwt.play-key}, or, when that is empty, from GetAppPlayKey through the {@link IAcsClient}
 * bean; without either the gateway does not start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "playgate.play-auth.mode", havingValue = "local-jwt")
@EnableConfigurationProperties(PlayAuthProperties.class)
public class LocalJwtPlayAuthConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LocalJwtPlayAuthConfiguration.class);

	/** The PlayAuth minter, holding the PlayKey read at start-up. */
	@Bean
	LocalJwtPlayAuth localJwtPlayAuth(PlayAuthProperties properties, Clock clock, Environment environment,
			ObjectProvider<IAcsClient> clients) {
		PlayAuthProperties.Jwt jwt = properties.jwt();
		VodTarget target = VodTarget.from(environment);
		PlayKey playKey = playKeyOf(jwt, target, clients);
		log.info("local-jwt mode: player tokens minted for application {} in {}, valid {} (PlayKey not logged)",
				jwt.appId(), target.regionId(), jwt.ttl());
		return new LocalJwtPlayAuth(jwt.appId(), playKey, target.regionId(), jwt.ttl(), clock);
	}

	private static PlayKey playKeyOf(PlayAuthProperties.Jwt jwt, VodTarget target, ObjectProvider<IAcsClient> clients) {
		String configured = jwt.playKey();
		if (configured != null && !configured.isBlank()) {
			return PlayKey.of(configured.trim());
		}
		IAcsClient client = clients.getIfAvailable();
		if (client == null) {
			throw new IllegalStateException("playgate.play-auth.jwt.play-key is empty and there is no IAcsClient to "
					+ "read it with GetAppPlayKey");
		}
		PlayKey playKey = new AppPlayKeyReader(client, target).read(jwt.appId());
		log.info("Read the PlayKey of {} with GetAppPlayKey from {}", jwt.appId(), target.host());
		return playKey;
	}
}
