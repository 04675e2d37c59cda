package dev.playgate.gateway.playinfo;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults for GetPlayInfo ({@code playgate.play-info.*}).
 *
 * @param playDomain the playback domain sent in {@code PlayConfig}; empty = VOD's default domain
 * @param authTimeout the play-URL validity asked of VOD when the request names none; the gateway always sends one,
 * because VOD returns no expiry and the gateway must know when the URLs stop working
 */
@ConfigurationProperties("playgate.play-info")
public record PlayInfoProperties(@Nullable String playDomain, @DefaultValue("3600s") Duration authTimeout) {

	/** The largest {@code AuthTimeout} VOD accepts for its own bucket (30 days). */
	public static final Duration MAX_AUTH_TIMEOUT = Duration.ofDays(30);

	/** Validates the default URL validity. */
	public PlayInfoProperties {
		playDomain = playDomain == null || playDomain.isBlank() ? null : playDomain.trim();
		if (authTimeout.compareTo(Duration.ofSeconds(1)) < 0 || authTimeout.compareTo(MAX_AUTH_TIMEOUT) > 0) {
			throw new IllegalArgumentException("playgate.play-info.auth-timeout must be within 1s..30d: " + authTimeout);
		}
	}
}
