package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class NonceStoreTest {

	@Test
	void secondClaimOfANonceIsARepay() {
		NonceStore nonces = new NonceStore(10);

		assertThat(nonces.claim("ak:n1", 0, 900_000)).isTrue();
		assertThat(nonces.claim("ak:n1", 1, 900_000)).isFalse();
		assertThat(nonces.claim("ak:n2", 1, 900_000)).isTrue();
	}

	@Test
	void expiredNoncesMayBeUsedAgain() {
		NonceStore nonces = new NonceStore(10);
		nonces.claim("ak:n1", 0, 900_000);

		assertThat(nonces.claim("ak:n1", 900_000, 1_800_000)).as("expired but not yet swept").isTrue();
		nonces.expire(1_800_000);
		assertThat(nonces.size()).isZero();
	}

	@Test
	void memoryIsBoundedByForgettingTheOldest() {
		NonceStore nonces = new NonceStore(3);
		for (int i = 0; i < 10; i++) {
			nonces.claim("ak:" + i, i, 900_000);
		}

		assertThat(nonces.size()).isEqualTo(3);
		assertThat(nonces.claim("ak:9", 10, 900_000)).isFalse();
		assertThat(nonces.claim("ak:0", 10, 900_000)).isTrue();
	}
}
