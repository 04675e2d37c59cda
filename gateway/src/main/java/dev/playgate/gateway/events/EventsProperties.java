package dev.playgate.gateway.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The callback receiver's settings ({@code playgate.events.*}). The receiver is off until {@code auth-key} is set.
 *
 * @param callbackUrl the callback URL exactly as configured in VOD ({@code SetMessageCallback}'s {@code CallbackURL}):
 * it is part of what VOD signs
 * @param authKey VOD's {@code AuthKey}: up to 32 letters and digits; empty turns the receiver off
 * @param previousAuthKey the key being rotated out, still accepted while VOD may sign with it; empty for none
 * @param maxAge how old a callback's {@code X-VOD-TIMESTAMP} may be (VOD's documentation suggests 5 minutes)
 * @param clockSkew how far in the future a timestamp may be, for clock differences with VOD
 */
@ConfigurationProperties("playgate.events")
public record EventsProperties(@Nullable String callbackUrl, @Nullable String authKey,
		@Nullable String previousAuthKey, @DefaultValue("5m") Duration maxAge, @DefaultValue("30s") Duration clockSkew) {

	private static final Pattern AUTH_KEY = Pattern.compile("[A-Za-z0-9]{1,32}");

	/** VOD's limit on {@code CallbackURL}, in bytes. */
	static final int MAX_URL_BYTES = 256;

	/** Normalises and validates every setting; messages never show a key. */
	public EventsProperties {
		callbackUrl = callbackUrl == null ? "" : callbackUrl.trim();
		authKey = authKey == null ? "" : authKey.trim();
		previousAuthKey = previousAuthKey == null ? "" : previousAuthKey.trim();
		checkKey("auth-key", authKey);
		checkKey("previous-auth-key", previousAuthKey);
		if (authKey.isEmpty() && !previousAuthKey.isEmpty()) {
			throw new IllegalArgumentException("playgate.events.previous-auth-key is set but playgate.events.auth-key "
					+ "is not: set the current key too");
		}
		if (!authKey.isEmpty()) {
			checkUrl(callbackUrl);
		}
		if (maxAge.compareTo(Duration.ofSeconds(10)) < 0 || maxAge.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("playgate.events.max-age must be 10s..1h: " + maxAge);
		}
		if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException("playgate.events.clock-skew must be 0s..5m: " + clockSkew);
		}
	}

	/** Settings for tests and tools: the receiver on at {@code callbackUrl} with {@code authKey}, default windows. */
	public static EventsProperties of(String callbackUrl, String authKey) {
		return new EventsProperties(callbackUrl, authKey, null, Duration.ofMinutes(5), Duration.ofSeconds(30));
	}

	/** Whether the receiver is on. */
	public boolean isEnabled() {
		return !authKey.isEmpty();
	}

	private static void checkKey(String name, String key) {
		if (!key.isEmpty() && !AUTH_KEY.matcher(key).matches()) {
			throw new IllegalArgumentException("playgate.events." + name + " must be 1-32 letters and digits, as VOD's "
					+ "AuthKey is (" + key.length() + " characters given; the value is not shown)");
		}
	}

	private static void checkUrl(String url) {
		if (url.isEmpty()) {
			throw new IllegalArgumentException("playgate.events.callback-url must be set when playgate.events.auth-key "
					+ "is: it is the CallbackURL configured in VOD, which VOD signs");
		}
		if (url.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
			throw new IllegalArgumentException("playgate.events.callback-url must be at most " + MAX_URL_BYTES
					+ " bytes, as VOD's CallbackURL is: " + url);
		}
		String scheme;
		try {
			scheme = URI.create(url).getScheme();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("playgate.events.callback-url is not a URL: " + url, null);
		}
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new IllegalArgumentException("playgate.events.callback-url must be an http:// or https:// URL: " + url);
		}
	}

	@Override
	public String toString() {
		return "EventsProperties[callbackUrl=" + callbackUrl + ", authKey=" + (authKey.isEmpty() ? "" : "<set>")
				+ ", previousAuthKey=" + (previousAuthKey.isEmpty() ? "" : "<set>") + ", maxAge=" + maxAge
				+ ", clockSkew=" + clockSkew + "]";
	}
}
