package dev.playgate.gateway.upstream;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import com.aliyuncs.http.ProtocolType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway reaches VOD ({@code playgate.vod.*}). Static credentials are optional: when both the AccessKey id
 * and secret are empty, the SDK's default credential chain is used (environment, OIDC/RRSA, ECS RAM role...).
 *
 * @param regionId the VOD region, e.g. {@code cn-shanghai}
 * @param endpoint {@code host[:port]}; empty = the region's public endpoint
 * @param protocol {@code https} (production) or {@code http} (the emulator)
 * @param accessKeyId static AccessKey id, or empty
 * @param accessKeySecret static AccessKey secret, or empty (a secret: never printed)
 * @param securityToken STS token that goes with a temporary AccessKey, or empty (a secret: never printed)
 * @param connectTimeout TCP connect timeout of each call (also the wait for a pooled connection)
 * @param readTimeout socket read timeout of each call
 * @param maxConnections size of the client's connection pool (the SDK's is JVM-wide: the first client sizes it)
 * @param clockSkew margin subtracted from every computed expiry, for clock differences with VOD and the CDN
 * @param transport how calls reach VOD: {@code netty} (non-blocking, on the server's event loops) or {@code sdk} (the
 *     real SDK, blocking, on a bounded scheduler)
 */
@ConfigurationProperties("playgate.vod")
public record VodProperties(@DefaultValue("cn-shanghai") String regionId, @Nullable String endpoint,
		@DefaultValue("https") String protocol, @Nullable String accessKeyId, @Nullable String accessKeySecret,
		@Nullable String securityToken, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("3s") Duration readTimeout, @DefaultValue("64") int maxConnections,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue("netty") Transport transport) {

	/** How calls reach VOD. */
	public enum Transport {
		/** Reactor Netty's HTTP client on the server's event loops, signing each call itself (signature V1). */
		NETTY,
		/** The real {@code aliyun-java-sdk-vod}, its blocking calls on a bounded scheduler. */
		SDK
	}

	private static final Pattern REGION = Pattern.compile("[a-zA-Z0-9_-]+");

	private static final Pattern HOST_PORT = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:\\d{1,5})?");

	private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

	/** Normalises blanks to {@code null} and checks every value. */
	public VodProperties {
		regionId = regionId.trim();
		endpoint = blankToNull(endpoint);
		protocol = protocol.trim().toLowerCase(Locale.ROOT);
		accessKeyId = blankToNull(accessKeyId);
		accessKeySecret = blankToNull(accessKeySecret);
		securityToken = blankToNull(securityToken);
		check(REGION.matcher(regionId).matches(), "playgate.vod.region-id must match [a-zA-Z0-9_-]+: '%s'", regionId);
		check(endpoint == null || HOST_PORT.matcher(endpoint).matches(),
				"playgate.vod.endpoint must be host[:port] without scheme or path: '%s'", endpoint);
		check(protocol.equals("https") || protocol.equals("http"), "playgate.vod.protocol must be https or http: '%s'",
				protocol);
		check((accessKeyId == null) == (accessKeySecret == null),
				"playgate.vod.access-key-id and playgate.vod.access-key-secret must be set together, or both left "
						+ "empty to use the default credential chain (id %s, secret %s)",
				accessKeyId == null ? "empty" : "set", accessKeySecret == null ? "empty" : "set");
		check(securityToken == null || accessKeyId != null,
				"playgate.vod.security-token needs playgate.vod.access-key-id and access-key-secret");
		checkTimeout("playgate.vod.connect-timeout", connectTimeout);
		checkTimeout("playgate.vod.read-timeout", readTimeout);
		check(maxConnections >= 1 && maxConnections <= 4096, "playgate.vod.max-connections must be within 1..4096: %s",
				maxConnections);
		check(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(10)) <= 0,
				"playgate.vod.clock-skew must be within 0s..10m: %s", clockSkew);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}

	private static void checkTimeout(String key, Duration timeout) {
		check(!timeout.isNegative() && !timeout.isZero() && timeout.compareTo(MAX_TIMEOUT) <= 0,
				"%s must be within 1ms..5m: %s", key, timeout);
	}

	private static void check(boolean valid, String message, @Nullable Object... values) {
		if (!valid) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, message, values));
		}
	}

	/** The endpoint every call goes to: the configured one, else the region's public VOD endpoint. */
	public String effectiveEndpoint() {
		if (endpoint != null) {
			return endpoint;
		}
		// the SDK's own product map knows the exceptions (e.g. cn-hangzhou is served from cn-shanghai)
		String known = com.aliyuncs.vod.Endpoint.endpointMap.get(regionId);
		return known != null ? known : "vod." + regionId + ".aliyuncs.com";
	}

	/** The SDK protocol of every call. */
	public ProtocolType protocolType() {
		return protocol.equals("https") ? ProtocolType.HTTPS : ProtocolType.HTTP;
	}

	/** Whether static credentials are configured (else the SDK's default credential chain is used). */
	public boolean hasStaticCredentials() {
		return accessKeyId != null;
	}

	@Override
	public String toString() {
		return "VodProperties[regionId=" + regionId + ", endpoint=" + effectiveEndpoint() + ", protocol=" + protocol
				+ ", accessKeyId=" + mask(accessKeyId) + ", accessKeySecret=" + redact(accessKeySecret)
				+ ", securityToken=" + redact(securityToken) + ", connectTimeout=" + connectTimeout + ", readTimeout="
				+ readTimeout + ", maxConnections=" + maxConnections + ", clockSkew=" + clockSkew + ", transport="
				+ transport + "]";
	}

	private static String mask(@Nullable String id) {
		if (id == null) {
			return "<default chain>";
		}
		return id.length() <= 4 ? "****" : id.substring(0, 4) + "****";
	}

	private static String redact(@Nullable String secret) {
		return secret == null ? "<none>" : "<redacted>";
	}
}
