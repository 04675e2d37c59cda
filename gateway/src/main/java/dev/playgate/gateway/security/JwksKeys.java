package dev.playgate.gateway.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The token keys of {@code playgate.security.jwt.jwks-uri}: the IdP's key set, fetched without blocking, kept in
 * memory and looked up by {@code kid}. It is fetched again on a timer ({@code jwks-refresh}) and when a token names a
 * {@code kid} the set does not hold, at most once per {@link #UNKNOWN_KID_REFETCH}; a token with an unknown
 * {@code kid} is refused while that fetch runs. A failed fetch (IdP down, bad JSON) keeps the last good set; a key
 * that a successful fetch no longer lists is distrusted at once, tokens already verified with it included. Only
 * RSA (RS256) and P-256 EC (ES256) signing keys with a {@code kid} are taken.
 */
final class JwksKeys implements TokenKeys, AutoCloseable {

	static final Duration UNKNOWN_KID_REFETCH = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

	private final Supplier<Mono<String>> fetch;
	private final Ticker ticker;
	private final Scheduler scheduler;
	private final Duration refresh;
	private final AtomicBoolean fetching = new AtomicBoolean();
	private final AtomicLong lastUnknownKidFetch;
	private volatile Map<String, Key> keys = Map.of();
	private volatile boolean failing;
	private @Nullable Disposable timer;

	JwksKeys(Supplier<Mono<String>> fetch, Duration refresh, Ticker ticker, Scheduler scheduler) {
		this.fetch = fetch;
		this.refresh = refresh;
		this.ticker = ticker;
		this.scheduler = scheduler;
		this.lastUnknownKidFetch = new AtomicLong(ticker.read() - UNKNOWN_KID_REFETCH.toNanos());
	}

	/** Fetches the set now and then every {@code refresh}. */
	JwksKeys start() {
		timer = scheduler.schedulePeriodically(this::refresh, 0, refresh.toNanos(), TimeUnit.NANOSECONDS);
		return this;
	}

	@Override
	public @Nullable JWSVerifier verifierFor(JWSHeader header) {
		String kid = header.getKeyID();
		if (kid == null) {
			return null;
		}
		Key key = keys.get(kid);
		if (key == null) {
			unknownKid();
			return null;
		}
		return key.algorithm().equals(header.getAlgorithm()) ? key.verifier() : null;
	}

	@Override
	public boolean trusts(@Nullable String kid) {
		return kid != null && keys.containsKey(kid);
	}

	/** How many keys are trusted now. */
	int size() {
		return keys.size();
	}

	private void unknownKid() {
		long now = ticker.read();
		long last = lastUnknownKidFetch.get();
		if (now - last >= UNKNOWN_KID_REFETCH.toNanos() && lastUnknownKidFetch.compareAndSet(last, now)) {
			refresh();
		}
	}

	/** Fetches the set once, unless a fetch is already running; never throws. */
	void refresh() {
		if (!fetching.compareAndSet(false, true)) {
			return;
		}
		Mono<String> body;
		try {
			body = fetch.get();
		}
		catch (RuntimeException ex) {
			fetching.set(false);
			failed(ex);
			return;
		}
		body.map(JwksKeys::parse).doFinally(signal -> fetching.set(false)).subscribe(this::replace, this::failed);
	}

	private void replace(Map<String, Key> fresh) {
		keys = fresh;
		if (failing) {
			log.info("JWKS fetched again: {} keys", fresh.size());
		}
		failing = false;
	}

	private void failed(Throwable error) {
		if (!failing) {
			// one line per outage, without the body: the last good set stays in use
			log.warn("JWKS fetch failed, keeping the last {} keys: {}", keys.size(), error.getClass().getSimpleName());
		}
		failing = true;
	}

	/** The usable signing keys of a JWKS document, by {@code kid}. */
	static Map<String, Key> parse(String json) {
		JWKSet set;
		try {
			set = JWKSet.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("not a JWK set: " + ex.getMessage(), ex);
		}
		Map<String, Key> keys = new HashMap<>();
		for (JWK jwk : set.getKeys()) {
			if (jwk.getKeyID() == null || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
				continue;
			}
			try {
				if (jwk instanceof RSAKey rsa && (jwk.getAlgorithm() == null || JWSAlgorithm.RS256.equals(jwk.getAlgorithm()))) {
					keys.put(jwk.getKeyID(), new Key(JWSAlgorithm.RS256, new RSASSAVerifier(rsa.toRSAPublicKey())));
				}
				else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
						&& (jwk.getAlgorithm() == null || JWSAlgorithm.ES256.equals(jwk.getAlgorithm()))) {
					keys.put(jwk.getKeyID(), new Key(JWSAlgorithm.ES256, new ECDSAVerifier(ec.toECPublicKey())));
				}
			}
			catch (JOSEException ex) {
				// an unusable key is skipped; the others still verify
			}
		}
		return Map.copyOf(keys);
	}

	@Override
	public void close() {
		if (timer != null) {
			timer.dispose();
		}
	}

	/** A trusted key and the one algorithm it verifies. */
	record Key(JWSAlgorithm algorithm, JWSVerifier verifier) {
	}
}
