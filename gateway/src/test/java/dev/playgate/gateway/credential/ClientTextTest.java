package dev.playgate.gateway.credential;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

final class ClientTextTest {

	@ParameterizedTest
	@ValueSource(strings = { "abc", "1e3", "avi", "m3u8,mp4", "A-b_c.d:e" })
	void harmlessShortTextIsRepeatedInQuotes(String text) {
		assertThat(ClientText.quoted(text)).isEqualTo("'" + text + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc%0d%0aSet-Cookie:x", "abc\"XSS", "<script>", "a b", "x'y", "\u0000", "é", "a\r\nb", "" })
	void anythingElseIsDescribedByItsLengthNeverRepeated(String text) {
		assertThat(ClientText.quoted(text)).isEqualTo("a value of " + text.length() + " characters");
	}

	@ParameterizedTest
	@ValueSource(ints = { 41, 5000 })
	void longTextIsNeverRepeated(int length) {
		assertThat(ClientText.quoted("a".repeat(length))).isEqualTo("a value of " + length + " characters");
	}
}
