package dev.playgate.gateway.playinfo;

import java.time.Duration;
import java.util.Locale;

import dev.playgate.gateway.urlsign.SigningType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How play URLs are issued ({@code playgate.play-info.*}).
 *
 * @param playDomain the playback domain sent in {@code PlayConfig}; empty = VOD's default domain
 * @param authTimeout the play-URL validity asked of VOD (or signed locally) when the request names none; the gateway
 * always sends one, because VOD returns no expiry and the gateway must know when the URLs stop working
 * @param mode {@code upstream} (GetPlayInfo per key and validity window, the default) or {@code local-sign} (the
 * video's stream catalogue cached, every viewer's URLs signed here with the domain's key)
 * @param urlSigning the CDN domain's URL signing, used in {@code local-sign} mode
 * @param catalogueTtl how long a fetched catalogue is trusted without a catalogue event, in {@code local-sign} mode
 */
@ConfigurationProperties("playgate.play-info")
public record PlayInfoProperties(@Nullable String playDomain, @DefaultValue("3600s") Duration authTimeout,
		@DefaultValue("upstream") String mode, @DefaultValue UrlSigning urlSigning,
		@DefaultValue("1h") Duration catalogueTtl) {

	/** The largest {@code AuthTimeout} VOD accepts for its own bucket (30 days). */
	public static final Duration MAX_AUTH_TIMEOUT = Duration.ofDays(30);

	/** The shortest catalogue TTL: a catalogue is fetched with this validity and must outlive the skew margin. */
	public static final Duration MIN_CATALOGUE_TTL = Duration.ofMinutes(1);

	/** The value of {@code mode} that signs URLs in the gateway. */
	public static final String LOCAL_SIGN = "local-sign";

	/** Validates every setting; messages name the key and the value, never the signing key. */
	public PlayInfoProperties {
		playDomain = playDomain == null || playDomain.isBlank() ? null : playDomain.trim();
		if (authTimeout.compareTo(Duration.ofSeconds(1)) < 0 || authTimeout.compareTo(MAX_AUTH_TIMEOUT) > 0) {
			throw new IllegalArgumentException("playgate.play-info.auth-timeout must be within 1s..30d: " + authTimeout);
		}
		mode = mode.trim().toLowerCase(Locale.ROOT);
		if (!mode.equals("upstream") && !mode.equals(LOCAL_SIGN)) {
			throw new IllegalArgumentException(
					"playgate.play-info.mode must be 'upstream' or 'local-sign': '" + mode + "'");
		}
		if (catalogueTtl.compareTo(MIN_CATALOGUE_TTL) < 0 || catalogueTtl.compareTo(MAX_AUTH_TIMEOUT) > 0) {
			throw new IllegalArgumentException("playgate.play-info.catalogue-ttl must be within 1m..30d: " + catalogueTtl);
		}
		if (mode.equals(LOCAL_SIGN) && urlSigning.key() == null) {
			throw new IllegalArgumentException(
					"playgate.play-info.url-signing.key must be set when playgate.play-info.mode is local-sign");
		}
	}

	/** Whether play URLs are signed in the gateway from a cached catalogue. */
	public boolean isLocalSign() {
		return mode.equals(LOCAL_SIGN);
	}

	/**
	 * The CDN domain's URL signing.
	 *
	 * @param key the domain's private key (primary or secondary; a secret, never logged)
	 * @param type the signing type configured on the domain: {@code A} (the default), {@code B} or {@code C}
	 */
	public record UrlSigning(@Nullable String key, @DefaultValue("A") SigningType type) {

		/** Trims the key; an empty key is no key. */
		public UrlSigning {
			key = key == null || key.isBlank() ? null : key.trim();
		}

		@Override
		public String toString() {
			return "UrlSigning[key=" + (key == null ? "<none>" : "<redacted>") + ", type=" + type + "]";
		}
	}
}
