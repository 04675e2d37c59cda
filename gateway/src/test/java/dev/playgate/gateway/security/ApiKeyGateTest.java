package dev.playgate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.UnauthenticatedException;

import static dev.playgate.gateway.security.Requests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class ApiKeyGateTest {

	private static final String PLAYER_KEY = "pk_live_3f9a1c0e7b2d4e6f8a0b1c2d";

	private static final String PARTNER_KEY = "partner-key-0001";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ApiKeyGate gate = ApiKeyGate.of(
			List.of(new SecurityProperties.ApiKey("player-app", sha256(PLAYER_KEY)),
					new SecurityProperties.ApiKey("partner", sha256(PARTNER_KEY).toUpperCase())),
			new Rejections(registry));

	@Test
	void keyInXApiKeyHeaderIdentifiesItsConfiguredId() {
		assertThat(gate.admit(headers("X-Api-Key", PLAYER_KEY))).isEqualTo(new ClientIdentity("player-app"));
		assertThat(gate.admit(headers("x-api-key", PARTNER_KEY))).isEqualTo(new ClientIdentity("partner"));
	}

	@Test
	void keyInAuthorizationApiKeySchemeIsAccepted() {
		assertThat(gate.admit(headers("Authorization", "ApiKey " + PLAYER_KEY)).id()).isEqualTo("player-app");
		assertThat(gate.admit(headers("Authorization", "apikey  " + PARTNER_KEY)).id()).isEqualTo("partner");
	}

	@Test
	void unknownKeyIsRefusedWithoutEchoingIt() {
		UnauthenticatedException refusal = refusal(headers("X-Api-Key", "not-a-configured-key"));

		assertThat(refusal.code()).isEqualTo(ProblemCode.UNAUTHENTICATED);
		assertThat(refusal.getMessage()).isEqualTo("the API key is not valid").doesNotContain("not-a-configured-key");
		assertThat(rejections("invalid-key")).isEqualTo(1);
	}

	@Test
	void keyDifferingOnlyInItsLastCharacterIsRefused() {
		String almost = PLAYER_KEY.substring(0, PLAYER_KEY.length() - 1) + "e";

		assertThat(refusal(headers("X-Api-Key", almost)).getMessage()).isEqualTo("the API key is not valid");
	}

	@Test
	void digestMatchingInItsFirstBytesButNotTheRestIsRefused() {
		// the configured hash shares the presented key's first 8 digest bytes (the binary-search prefix), so the
		// decision falls to the constant-time comparison of all 32 bytes
		byte[] nearMiss = HexFormat.of().parseHex(sha256(PLAYER_KEY));
		nearMiss[31] ^= 1;
		ApiKeyGate nearMissGate = ApiKeyGate.of(
				List.of(new SecurityProperties.ApiKey("near-miss", HexFormat.of().formatHex(nearMiss))),
				new Rejections(registry));

		assertThat(catchThrowableOfType(UnauthenticatedException.class,
				() -> nearMissGate.admit(headers("X-Api-Key", PLAYER_KEY))))
			.hasMessage("the API key is not valid");
	}

	@Test
	void missingKeyIsRefusedAndCountedAsMissing() {
		assertThat(refusal(headers()).getMessage()).isEqualTo("an API key is required (X-Api-Key header)");
		assertThat(refusal(headers("X-Api-Key", "")).getMessage()).contains("required");
		assertThat(rejections("missing")).isEqualTo(2);
	}

	@Test
	void bearerTokenIsNotAnApiKey() {
		assertThat(refusal(headers("Authorization", "Bearer " + PLAYER_KEY)).getMessage()).contains("required");
	}

	@Test
	void overlongKeyIsRefusedAsInvalid() {
		assertThat(refusal(headers("X-Api-Key", "k".repeat(513))).getMessage()).isEqualTo("the API key is not valid");
	}

	@Test
	void utf8KeyMatchesTheDigestOfItsWireBytes() {
		String key = "clé-ünicode-ключ";
		// Netty turns each header byte into one char, so the UTF-8 key arrives as its bytes read as ISO-8859-1
		String asNettyDecodesIt = new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		ApiKeyGate unicodeGate = ApiKeyGate.of(List.of(new SecurityProperties.ApiKey("unicode", sha256(key))),
				new Rejections(registry));

		assertThat(unicodeGate.admit(headers("X-Api-Key", asNettyDecodesIt)).id()).isEqualTo("unicode");
		assertThat(unicodeGate.admit(headers("X-Api-Key", key)).id()).isEqualTo("unicode");
	}

	@Test
	void eachThreadHashesIndependently() throws Exception {
		Thread[] threads = new Thread[4];
		boolean[] ok = new boolean[threads.length];
		for (int t = 0; t < threads.length; t++) {
			int index = t;
			threads[t] = new Thread(() -> {
				boolean all = true;
				for (int i = 0; i < 2_000; i++) {
					String key = (i + index) % 2 == 0 ? PLAYER_KEY : PARTNER_KEY;
					String expected = (i + index) % 2 == 0 ? "player-app" : "partner";
					all &= gate.admit(headers("X-Api-Key", key)).id().equals(expected);
				}
				ok[index] = all;
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(ok).containsOnly(true);
	}

	private UnauthenticatedException refusal(io.netty.handler.codec.http.HttpHeaders headers) {
		return catchThrowableOfType(UnauthenticatedException.class, () -> gate.admit(headers));
	}

	private double rejections(String reason) {
		return registry.get(Rejections.METRIC).tag("reason", reason).counter().count();
	}

	static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new AssertionError(ex);
		}
	}
}
