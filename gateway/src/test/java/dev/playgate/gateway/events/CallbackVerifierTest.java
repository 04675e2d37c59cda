package dev.playgate.gateway.events;

import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.events.CallbackVerifier.Verdict;
import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class CallbackVerifierTest {

	private static final String URL = "https://gw.example.com/v1/vod/events";

	private final FakeTime time = FakeTime.startingAt(Instant.ofEpochSecond(1_800_000_000L));

	private final CallbackVerifier verifier = new CallbackVerifier(
			new EventsProperties(URL, "newKey1", "oldKey0", Duration.ofMinutes(5), Duration.ofSeconds(30)), time);

	private String now() {
		return Long.toString(time.instant().getEpochSecond());
	}

	@Test
	void callbackSignedWithTheCurrentKeyNowIsAuthentic() {
		assertThat(verifier.verify(now(), CallbackSignature.of(URL, now(), "newKey1"))).isEqualTo(Verdict.AUTHENTIC);
	}

	@Test
	void callbackSignedWithThePreviousKeyIsAuthenticDuringRotation() {
		assertThat(verifier.verify(now(), CallbackSignature.of(URL, now(), "oldKey0"))).isEqualTo(Verdict.AUTHENTIC);
	}

	@Test
	void callbackSignedWithAnotherKeyOrUrlIsForged() {
		assertThat(verifier.verify(now(), CallbackSignature.of(URL, now(), "guessed"))).isEqualTo(Verdict.FORGED);
		assertThat(verifier.verify(now(), CallbackSignature.of(URL + "x", now(), "newKey1")))
			.isEqualTo(Verdict.FORGED);
	}

	@Test
	void signatureOfAnotherTimestampIsForged() {
		String other = Long.toString(time.instant().getEpochSecond() - 1);
		assertThat(verifier.verify(now(), CallbackSignature.of(URL, other, "newKey1"))).isEqualTo(Verdict.FORGED);
	}

	@Test
	void callbackOlderThanMaxAgeIsStale() {
		String sent = now();
		String signature = CallbackSignature.of(URL, sent, "newKey1");
		time.advance(Duration.ofMinutes(5));
		assertThat(verifier.verify(sent, signature)).isEqualTo(Verdict.AUTHENTIC);
		time.advance(Duration.ofSeconds(1));
		assertThat(verifier.verify(sent, signature)).isEqualTo(Verdict.STALE);
	}

	@Test
	void callbackFromBeyondTheSkewInTheFutureIsRefused() {
		String near = Long.toString(time.instant().getEpochSecond() + 30);
		String far = Long.toString(time.instant().getEpochSecond() + 31);
		assertThat(verifier.verify(near, CallbackSignature.of(URL, near, "newKey1"))).isEqualTo(Verdict.AUTHENTIC);
		assertThat(verifier.verify(far, CallbackSignature.of(URL, far, "newKey1"))).isEqualTo(Verdict.FUTURE);
	}

	@Test
	void missingOrMalformedHeadersAreRefused() {
		String signature = CallbackSignature.of(URL, now(), "newKey1");
		assertThat(verifier.verify(null, signature)).isEqualTo(Verdict.MISSING);
		assertThat(verifier.verify(now(), null)).isEqualTo(Verdict.MISSING);
		assertThat(verifier.verify("12a4", signature)).isEqualTo(Verdict.MALFORMED);
		assertThat(verifier.verify("9".repeat(13), signature)).isEqualTo(Verdict.MALFORMED);
		assertThat(verifier.verify(now(), signature.substring(1))).isEqualTo(Verdict.MALFORMED);
		assertThat(verifier.verify(now(), "z" + signature.substring(1))).isEqualTo(Verdict.MALFORMED);
	}

	@Test
	void settingsRefuseAKeyVodWouldNotIssueWithoutShowingIt() {
		assertThatThrownBy(() -> EventsProperties.of(URL, "not-a-key!"))
			.hasMessageContaining("playgate.events.auth-key")
			.hasMessageNotContaining("not-a-key!");
		assertThatThrownBy(() -> EventsProperties.of("", "key1")).hasMessageContaining("playgate.events.callback-url");
		assertThatThrownBy(() -> EventsProperties.of("ftp://x/y", "key1"))
			.hasMessageContaining("playgate.events.callback-url");
		assertThatThrownBy(() -> new EventsProperties(URL, "key1", null, Duration.ofSeconds(5), Duration.ZERO))
			.hasMessageContaining("playgate.events.max-age");
		assertThat(new EventsProperties(null, null, null, Duration.ofMinutes(5), Duration.ZERO).isEnabled()).isFalse();
		assertThat(EventsProperties.of(URL, "key1").toString()).doesNotContain("key1");
	}
}
