package dev.playgate.gateway.security;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * The gate of {@code playgate.security.mode=jwt}: the caller presents {@code Bearer <jwt>} and is the token's
 * {@code sub}. A player repeats the same token on every request, so verified tokens are remembered by their SHA-256
 * for a while (bounded in number); a repeat costs one hash and a lookup, and expiry is still checked against the clock
 * every time.
 */
final class JwtGate implements ClientGate {

	/** How many verified tokens are remembered. */
	static final int MAX_REMEMBERED = 10_000;

	/** How long a verified token is remembered; its expiry is checked on every use regardless. */
	static final Duration REMEMBER_FOR = Duration.ofMinutes(5);

	/** Longer values are refused without parsing them. */
	private static final int MAX_TOKEN_LENGTH = 8192;

	private static final String BEARER = "Bearer ";

	private final TokenVerifier verifier;
	private final AsciiString header;
	private final boolean authorization;
	private final Clock clock;
	private final long skewMillis;
	private final Cache<TokenDigest, VerifiedToken> verified;
	private final Rejections rejections;

	JwtGate(TokenVerifier verifier, SecurityProperties.Jwt settings, Clock clock, Ticker ticker,
			Rejections rejections) {
		this.verifier = verifier;
		this.header = AsciiString.of(settings.header());
		this.authorization = header.contentEqualsIgnoreCase(HttpHeaderNames.AUTHORIZATION);
		this.clock = clock;
		this.skewMillis = settings.clockSkew().toMillis();
		this.verified = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.expireAfterWrite(REMEMBER_FOR)
			.ticker(ticker)
			.build();
		this.rejections = rejections;
	}

	/** A gate verifying tokens as the (validated) settings say. */
	static JwtGate of(SecurityProperties.Jwt settings, Clock clock, Ticker ticker, Rejections rejections) {
		return new JwtGate(TokenVerifier.of(settings, rejections), settings, clock, ticker, rejections);
	}

	/** A gate verifying tokens with the key set of {@code jwks-uri}. */
	static JwtGate of(SecurityProperties.Jwt settings, JwksKeys keys, Clock clock, Ticker ticker,
			Rejections rejections) {
		return new JwtGate(new TokenVerifier(keys, settings, rejections), settings, clock, ticker, rejections);
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers) {
		String token = presentedToken(headers.get(header));
		if (token == null || token.isEmpty()) {
			throw rejections.unauthenticated(Rejection.MISSING_TOKEN);
		}
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw rejections.unauthenticated(Rejection.MALFORMED_TOKEN);
		}
		TokenDigest digest = TokenDigest.of(token);
		VerifiedToken known = verified.getIfPresent(digest);
		if (known == null) {
			known = verifier.verify(token);
			verified.put(digest, known);
		}
		else if (!trustsKey(known)) {
			// the key set dropped the token's key since it was verified
			verified.invalidate(digest);
			throw rejections.unauthenticated(Rejection.UNKNOWN_KEY);
		}
		Rejection rejection = known.rejectionAt(clock.millis(), skewMillis);
		if (rejection != null) {
			throw rejections.unauthenticated(rejection);
		}
		return known.identity();
	}

	private boolean trustsKey(VerifiedToken token) {
		return verifier.keys().trusts(token.kid());
	}

	private @Nullable String presentedToken(@Nullable String value) {
		if (value == null) {
			return null;
		}
		if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return value.substring(BEARER.length()).trim();
		}
		// a dedicated header may carry the bare token; Authorization must say Bearer
		return authorization ? null : value.trim();
	}

	/** How many verified tokens are remembered now. */
	long rememberedTokens() {
		verified.cleanUp();
		return verified.estimatedSize();
	}
}
