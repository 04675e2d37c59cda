package dev.playgate.gateway.playauth;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How PlayAuth credentials are issued ({@code playgate.play-auth.*}).
 *
 * @param mode {@code upstream} (GetVideoPlayAuth, shared within its validity) or {@code local-jwt} (JWTPlayAuth
 * minted per viewer with the application's PlayKey, no upstream call)
 * @param authInfoTimeout the validity asked of VOD when the request names none (VOD allows 100–3000 s)
 * @param jwt settings of the {@code local-jwt} mode
 */
@ConfigurationProperties("playgate.play-auth")
public record PlayAuthProperties(@DefaultValue("upstream") String mode,
		@DefaultValue("3000s") Duration authInfoTimeout, @DefaultValue Jwt jwt) {

	/** The smallest {@code AuthInfoTimeout} VOD accepts. */
	public static final Duration MIN_AUTH_INFO_TIMEOUT = Duration.ofSeconds(100);

	/** The largest {@code AuthInfoTimeout} VOD accepts. */
	public static final Duration MAX_AUTH_INFO_TIMEOUT = Duration.ofSeconds(3000);

	/** Validates the mode and the timeout range. */
	public PlayAuthProperties {
		mode = mode.trim().toLowerCase(Locale.ROOT);
		if (!mode.equals("upstream") && !mode.equals("local-jwt")) {
			throw new IllegalArgumentException(
					"playgate.play-auth.mode must be 'upstream' or 'local-jwt': '" + mode + "'");
		}
		if (authInfoTimeout.compareTo(MIN_AUTH_INFO_TIMEOUT) < 0 || authInfoTimeout.compareTo(MAX_AUTH_INFO_TIMEOUT) > 0) {
			throw new IllegalArgumentException(
					"playgate.play-auth.auth-info-timeout must be within 100s..3000s: " + authInfoTimeout);
		}
	}

	/** Whether PlayAuths are minted locally as JWTs rather than fetched from VOD. */
	public boolean isLocalJwt() {
		return mode.equals("local-jwt");
	}

	/**
	 * Settings of the {@code local-jwt} mode.
	 *
	 * @param appId the VOD application id the PlayKey belongs to
	 * @param playKey the application's PlayKey (a secret; empty = read it with GetAppPlayKey at start-up)
	 * @param ttl how long each minted JWTPlayAuth is valid
	 */
	public record Jwt(@DefaultValue("app-1000000") String appId, @Nullable String playKey,
			@DefaultValue("3000s") Duration ttl) {

		/** The shortest TTL: a minted PlayAuth is advertised a few seconds shorter than it lives. */
		public static final Duration MIN_TTL = Duration.ofSeconds(10);

		/** Validates the application id and the TTL. */
		public Jwt {
			appId = appId.trim();
			if (appId.isEmpty()) {
				throw new IllegalArgumentException("playgate.play-auth.jwt.app-id must not be empty");
			}
			if (ttl.compareTo(MIN_TTL) < 0) {
				throw new IllegalArgumentException("playgate.play-auth.jwt.ttl must be at least 10s: " + ttl);
			}
		}

		@Override
		public String toString() {
			return "Jwt[appId=" + appId + ", playKey=" + (playKey == null ? "<none>" : "<redacted>") + ", ttl=" + ttl + "]";
		}
	}
}
