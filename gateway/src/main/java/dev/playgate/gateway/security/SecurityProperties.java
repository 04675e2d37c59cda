package dev.playgate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the public API ({@code playgate.security.*}).
 *
 * @param mode {@code none} (anyone), {@code api-key} or {@code jwt}
 * @param apiKeys the accepted API keys, by the SHA-256 of each key (mode {@code api-key})
 * @param jwt how bearer tokens are verified (mode {@code jwt})
 * @param clientRateLimit the request quota of each caller (off by default)
 * @param trustedProxies the proxies (addresses or CIDR ranges) whose {@code X-Forwarded-For} names the caller in mode
 *        {@code none}; empty (the default) trusts none, and the caller is the direct peer
 */
@ConfigurationProperties("playgate.security")
public record SecurityProperties(@DefaultValue("none") Mode mode, @DefaultValue List<ApiKey> apiKeys,
		@DefaultValue Jwt jwt, @DefaultValue ClientRateLimit clientRateLimit,
		@DefaultValue List<String> trustedProxies) {

	/** How callers authenticate. */
	public enum Mode {
		/** Nobody authenticates; every caller is {@link ClientIdentity#ANONYMOUS}. */
		NONE,
		/** Callers present a configured API key. */
		API_KEY,
		/** Callers present a signed JWT. */
		JWT
	}

	/** Validates what the chosen mode needs. */
	public SecurityProperties {
		Objects.requireNonNull(mode, "playgate.security.mode must not be null");
		Objects.requireNonNull(jwt, "playgate.security.jwt must not be null");
		Objects.requireNonNull(clientRateLimit, "playgate.security.client-rate-limit must not be null");
		apiKeys = List.copyOf(apiKeys);
		trustedProxies = List.copyOf(trustedProxies);
		TrustedProxies.of(trustedProxies);
		if (mode == Mode.API_KEY) {
			checkApiKeys(apiKeys);
		}
		if (mode == Mode.JWT) {
			jwt.checkUsable();
		}
	}

	private static void checkApiKeys(List<ApiKey> apiKeys) {
		if (apiKeys.isEmpty()) {
			throw new IllegalArgumentException("playgate.security.api-keys must list at least one key "
					+ "(id and sha256) when playgate.security.mode is api-key");
		}
		Map<String, Integer> ids = new HashMap<>();
		Map<String, Integer> hashes = new HashMap<>();
		for (int i = 0; i < apiKeys.size(); i++) {
			ApiKey key = apiKeys.get(i);
			key.check(i);
			Integer earlier = ids.putIfAbsent(key.id(), i);
			if (earlier != null) {
				throw new IllegalArgumentException("playgate.security.api-keys[" + i + "].id repeats api-keys["
						+ earlier + "].id: '" + key.id() + "'");
			}
			earlier = hashes.putIfAbsent(key.sha256(), i);
			if (earlier != null) {
				throw new IllegalArgumentException("playgate.security.api-keys[" + i + "].sha256 repeats api-keys["
						+ earlier + "].sha256 (the same key under two ids)");
			}
		}
	}

	/**
	 * One accepted API key. Only its hash is configured, so the key itself is never stored: compute it with
	 * {@code printf %s "$KEY" | sha256sum}.
	 *
	 * @param id a non-secret name of the caller, used as its identity and quota key
	 * @param sha256 the SHA-256 of the key's UTF-8 bytes, 64 hex digits
	 */
	public record ApiKey(String id, String sha256) {

		/** Normalises the id (trimmed) and the hash (trimmed, lower case); a missing value becomes empty. */
		public ApiKey {
			id = id == null ? "" : id.trim();
			sha256 = sha256 == null ? "" : sha256.trim().toLowerCase(Locale.ROOT);
		}

		/** The SHA-256 as bytes; only meaningful once the properties validated it. */
		public byte[] digest() {
			return HexFormat.of().parseHex(sha256);
		}

		private void check(int index) {
			String prefix = "playgate.security.api-keys[" + index + "]";
			if (id.isEmpty()) {
				throw new IllegalArgumentException(prefix + ".id must not be empty");
			}
			if (sha256.isEmpty()) {
				throw new IllegalArgumentException(prefix + ".sha256 must not be empty (id '" + id + "')");
			}
			// the value is never echoed: an operator may have pasted the raw key here by mistake
			if (sha256.length() != 64 || !sha256.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
				throw new IllegalArgumentException(prefix + ".sha256 must be 64 hex digits, the SHA-256 of the key "
						+ "(id '" + id + "'), got " + sha256.length() + " characters that are not one");
			}
		}

		@Override
		public String toString() {
			return "ApiKey[id=" + id + ", sha256=<redacted>]";
		}
	}

	/**
	 * How bearer tokens are verified. Exactly one of {@code hmacSecret} (HS256) and {@code publicKey} (RS256 for an
	 * RSA key, ES256 for a P-256 key) is set in mode {@code jwt}.
	 *
	 * @param hmacSecret the shared HS256 secret, at least 32 bytes
	 * @param publicKey a PEM {@code PUBLIC KEY} or {@code CERTIFICATE}
	 * @param issuer when set, the only accepted {@code iss}
	 * @param audience when set, a value the token's {@code aud} must contain
	 * @param clockSkew how far {@code exp} and {@code nbf} may be off our clock
	 * @param header the request header carrying {@code Bearer <token>}
	 */
	public record Jwt(@Nullable String hmacSecret, @Nullable String publicKey, @Nullable String issuer,
			@Nullable String audience, @DefaultValue("30s") Duration clockSkew,
			@DefaultValue("Authorization") String header, @Nullable String jwksUri,
			@DefaultValue("5m") Duration jwksRefresh, @Nullable String videoClaim) {

		/** The largest accepted clock skew. */
		public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

		/** The shortest accepted HS256 secret, in bytes (RFC 7518 §3.2). */
		public static final int MIN_HMAC_SECRET_BYTES = 32;

		/** The shortest accepted JWKS refresh period. */
		public static final Duration MIN_JWKS_REFRESH = Duration.ofSeconds(10);

		/** Settings with one configured key, no JWKS and no video claim. */
		public Jwt(@Nullable String hmacSecret, @Nullable String publicKey, @Nullable String issuer,
				@Nullable String audience, Duration clockSkew, String header) {
			this(hmacSecret, publicKey, issuer, audience, clockSkew, header, null, Duration.ofMinutes(5), null);
		}

		/** Drops blank values and checks the skew, the header and the JWKS refresh. */
		@ConstructorBinding
		public Jwt {
			jwksUri = blankToNull(jwksUri);
			videoClaim = blankToNull(videoClaim);
			if (jwksRefresh.compareTo(MIN_JWKS_REFRESH) < 0) {
				throw new IllegalArgumentException(
						"playgate.security.jwt.jwks-refresh must be at least 10s: " + jwksRefresh);
			}
			hmacSecret = blankToNull(hmacSecret);
			publicKey = blankToNull(publicKey);
			issuer = blankToNull(issuer);
			audience = blankToNull(audience);
			header = header.trim();
			if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
				throw new IllegalArgumentException(
						"playgate.security.jwt.clock-skew must be within 0s..10m: " + clockSkew);
			}
			if (header.isEmpty()) {
				throw new IllegalArgumentException("playgate.security.jwt.header must name a request header");
			}
		}

		private static @Nullable String blankToNull(@Nullable String value) {
			return value == null || value.isBlank() ? null : value.trim();
		}

		private void checkUsable() {
			int sources = (hmacSecret == null ? 0 : 1) + (publicKey == null ? 0 : 1) + (jwksUri == null ? 0 : 1);
			if (sources == 0) {
				throw new IllegalArgumentException("playgate.security.jwt.hmac-secret, public-key or jwks-uri "
						+ "must be set when playgate.security.mode is jwt");
			}
			if (sources > 1) {
				throw new IllegalArgumentException("set only one of playgate.security.jwt.hmac-secret, public-key "
						+ "and jwks-uri");
			}
			if (jwksUri != null && !jwksUri.startsWith("https://") && !jwksUri.startsWith("http://")) {
				throw new IllegalArgumentException("playgate.security.jwt.jwks-uri must be an http(s) URL");
			}
			if (hmacSecret != null && hmacSecretBytes().length < MIN_HMAC_SECRET_BYTES) {
				throw new IllegalArgumentException("playgate.security.jwt.hmac-secret must be at least "
						+ MIN_HMAC_SECRET_BYTES + " bytes for HS256, got " + hmacSecretBytes().length);
			}
			if (publicKey != null) {
				PublicKeys.parse(publicKey);
			}
		}

		/** The HS256 secret's UTF-8 bytes; empty when none is set. */
		byte[] hmacSecretBytes() {
			return hmacSecret == null ? new byte[0] : hmacSecret.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return "Jwt[hmacSecret=" + (hmacSecret == null ? "<none>" : "<redacted>") + ", publicKey="
					+ (publicKey == null ? "<none>" : "<PEM>") + ", issuer=" + issuer + ", audience=" + audience
					+ ", clockSkew=" + clockSkew + ", header=" + header + ", jwksUri=" + jwksUri + ", jwksRefresh="
					+ jwksRefresh + ", videoClaim=" + videoClaim + "]";
		}
	}

	/**
	 * The request quota of each caller, a token bucket per {@link ClientIdentity}.
	 *
	 * @param requestsPerSecond the sustained rate; 0 turns the quota off
	 * @param burst how many requests may arrive at once; 0 means one second's worth (at least 1)
	 * @param maxClients how many callers' buckets are kept; beyond it the least recently seen are forgotten
	 */
	public record ClientRateLimit(@DefaultValue("0") double requestsPerSecond, @DefaultValue("0") int burst,
			@DefaultValue("100000") int maxClients) {

		/** The largest accepted rate. */
		public static final double MAX_REQUESTS_PER_SECOND = 1_000_000;

		/** Checks the ranges. */
		public ClientRateLimit {
			if (!(requestsPerSecond >= 0 && requestsPerSecond <= MAX_REQUESTS_PER_SECOND)) {
				throw new IllegalArgumentException(
						"playgate.security.client-rate-limit.requests-per-second must be within 0..1000000 (0 = off): "
								+ requestsPerSecond);
			}
			if (burst < 0) {
				throw new IllegalArgumentException(
						"playgate.security.client-rate-limit.burst must not be negative: " + burst);
			}
			if (maxClients < 1) {
				throw new IllegalArgumentException(
						"playgate.security.client-rate-limit.max-clients must be at least 1: " + maxClients);
			}
		}

		/** Whether a quota applies at all. */
		public boolean isEnabled() {
			return requestsPerSecond > 0;
		}

		/** The bucket size actually used: {@code burst}, or one second's worth when it is 0. */
		public int effectiveBurst() {
			return burst > 0 ? burst : (int) Math.max(1, Math.ceil(requestsPerSecond));
		}
	}
}
