package dev.playgate.gateway.security;

import java.net.InetSocketAddress;
import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.credential.ClientRateLimitedException;
import dev.playgate.gateway.credential.UnauthenticatedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The door of the public API: decides from a request's headers who the caller is and whether it may be served now.
 * The edge calls it once per request, on the event loop, before parsing anything else.
 *
 * <p>
 * Implementations are thread-safe, never block and never perform I/O; a call costs about one SHA-256 of the presented
 * key or token when the caller was seen recently. Refusals are {@link UnauthenticatedException} (401) and
 * {@link ClientRateLimitedException} (429, with {@code Retry-After}); their messages are safe to show the client and
 * never repeat the presented key or token. Refusal instances may be shared between requests: treat them as immutable.
 */
@FunctionalInterface
public interface ClientGate {

	/**
	 * Establishes who sent a request with these headers.
	 * @param headers the request headers as Reactor Netty received them
	 * @return the caller
	 * @throws UnauthenticatedException when the request carries no valid credential
	 * @throws ClientRateLimitedException when the caller exceeded its request quota
	 */
	ClientIdentity admit(HttpHeaders headers);

	/**
	 * Establishes who sent a request with these headers from {@code peer}, the direct peer of the connection. Only
	 * mode {@code none} looks at the peer: there the caller is known by its address.
	 * @param headers the request headers as Reactor Netty received them
	 * @param peer the connection's remote address, if known
	 * @return the caller
	 * @throws UnauthenticatedException when the request carries no valid credential
	 * @throws ClientRateLimitedException when the caller exceeded its request quota
	 */
	default ClientIdentity admit(HttpHeaders headers, @Nullable InetSocketAddress peer) {
		return admit(headers);
	}

	/**
	 * Charges an admitted caller one more request of its quota, for work beyond the request {@link #admit} already
	 * paid for: each further video id of a batch. Gates without a quota charge nothing.
	 * @param caller the identity {@link #admit} returned
	 * @throws ClientRateLimitedException when the caller's quota is spent
	 */
	default void charge(ClientIdentity caller) {
	}

	/**
	 * The gate the properties describe: open, API key or JWT, rate-limited per caller when a quota is configured.
	 * @param properties the validated {@code playgate.security.*} settings
	 * @param clock wall time, for token expiry
	 * @param ticker monotonic time, for quotas and caches
	 * @param registry where {@code playgate.security.rejections} is counted
	 * @return a ready gate
	 */
	static ClientGate from(SecurityProperties properties, Clock clock, Ticker ticker, MeterRegistry registry) {
		return from(properties, clock, ticker, registry, null);
	}

	/**
	 * The gate the properties describe, verifying tokens with {@code jwks} when {@code jwks-uri} is set.
	 * @param jwks the key set of {@code playgate.security.jwt.jwks-uri}, {@code null} when none is configured
	 */
	static ClientGate from(SecurityProperties properties, Clock clock, Ticker ticker, MeterRegistry registry,
			@org.jspecify.annotations.Nullable JwksKeys jwks) {
		Rejections rejections = new Rejections(registry);
		ClientGate gate = switch (properties.mode()) {
			case NONE -> new OpenGate(TrustedProxies.of(properties.trustedProxies()));
			case API_KEY -> ApiKeyGate.of(properties.apiKeys(), rejections);
			case JWT -> jwks != null ? JwtGate.of(properties.jwt(), jwks, clock, ticker, rejections)
					: JwtGate.of(properties.jwt(), clock, ticker, rejections);
		};
		SecurityProperties.ClientRateLimit limit = properties.clientRateLimit();
		return limit.isEnabled() ? new RateLimitedGate(gate, limit, ticker, rejections) : gate;
	}
}
