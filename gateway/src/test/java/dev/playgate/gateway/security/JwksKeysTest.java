package dev.playgate.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

final class JwksKeysTest {

	private static final RSAKey RSA_A = rsa("a");
	private static final RSAKey RSA_B = rsa("b");
	private static final ECKey EC_C = ec("c");
	private static final Duration REFRESH = Duration.ofMinutes(5);

	private final FakeTime time = FakeTime.create();
	private final AtomicReference<Mono<String>> answer = new AtomicReference<>(set(RSA_A));
	private final AtomicInteger fetches = new AtomicInteger();
	private final JwksKeys keys = new JwksKeys(() -> {
		fetches.incrementAndGet();
		return answer.get();
	}, REFRESH, time, time.scheduler());

	@AfterEach
	void close() {
		keys.close();
	}

	private static RSAKey rsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey ec(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Mono<String> set(JWK... keys) {
		return Mono.just(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
		return new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build();
	}

	@Test
	void theSetIsFetchedAtStartAndItsKeysVerifyByKid() {
		keys.start();
		answer.set(set(RSA_A, EC_C));
		keys.refresh();

		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "a"))).isNotNull();
		assertThat(keys.verifierFor(header(JWSAlgorithm.ES256, "c"))).isNotNull();
		assertThat(keys.verifierFor(header(JWSAlgorithm.ES256, "a"))).isNull();
	}

	@Test
	void theTimerRefetchesEveryRefreshPeriod() {
		keys.start();
		assertThat(fetches).hasValue(1);
		answer.set(set(RSA_B));

		time.advance(REFRESH.minusSeconds(1));
		assertThat(fetches).hasValue(1);
		assertThat(keys.trusts("b")).isFalse();
		time.advance(Duration.ofSeconds(1));

		assertThat(fetches).hasValue(2);
		assertThat(keys.trusts("b")).isTrue();
	}

	@Test
	void anUnknownKidRefetchesAtMostOncePerTenSeconds() {
		keys.start();
		answer.set(set(RSA_A, RSA_B));

		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "new"))).isNull();
		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "new"))).isNull();
		time.advance(Duration.ofSeconds(9));
		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "new"))).isNull();
		assertThat(fetches).hasValue(2);
		time.advance(Duration.ofSeconds(1));
		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "new"))).isNull();

		assertThat(fetches).hasValue(3);
	}

	@Test
	void anUnknownKidThatTheIdpNowListsIsTrustedAfterTheRefetch() {
		keys.start();
		answer.set(set(RSA_A, RSA_B));

		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "b"))).isNull();

		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "b"))).isNotNull();
	}

	@Test
	void anUnreachableIdpKeepsTheLastGoodSet() {
		keys.start();
		answer.set(Mono.error(new java.net.ConnectException("refused")));

		time.advance(REFRESH.multipliedBy(3));
		answer.set(Mono.just("{not json"));
		time.advance(REFRESH);

		assertThat(fetches).hasValue(5);
		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "a"))).isNotNull();
	}

	@Test
	void aKeyTheNextRefreshNoLongerListsIsDistrusted() {
		keys.start();
		assertThat(keys.trusts("a")).isTrue();
		answer.set(set(RSA_B));

		time.advance(REFRESH);

		assertThat(keys.trusts("a")).isFalse();
		assertThat(keys.verifierFor(header(JWSAlgorithm.RS256, "a"))).isNull();
	}
}
