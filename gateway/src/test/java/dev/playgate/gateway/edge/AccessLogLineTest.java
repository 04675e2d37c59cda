package dev.playgate.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class AccessLogLineTest {

	@Test
	void aSaneIncomingRequestIdIsKept() {
		assertThat(AccessLog.requestId("abc.DEF_123-x")).isEqualTo("abc.DEF_123-x");
	}

	@Test
	void anInsaneIncomingRequestIdIsReplacedBySixteenHexDigits() {
		assertThat(AccessLog.requestId("a b")).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId("x".repeat(65))).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId("")).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId(null)).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId("é")).matches("[0-9a-f]{16}");
	}

	@Test
	void stringsAreEscapedAsJson() {
		StringBuilder line = new StringBuilder();
		AccessLog.string(line, "a\"b\\c\nd\u0001\u2028");
		assertThat(line).hasToString("\"a\\\"b\\\\c\\nd\\u0001\\u2028\"");
	}

	@Test
	void anAbsentStringIsNull() {
		StringBuilder line = new StringBuilder();
		AccessLog.string(line, null);
		assertThat(line).hasToString("null");
	}
}
