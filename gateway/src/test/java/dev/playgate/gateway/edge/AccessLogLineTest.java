package dev.playgate.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class AccessLogLineTest {

	@Test
	void aSaneIncomingRequestIdIsKept() {
		assertThat(AccessLog.requestId("abc.DEF_123-x").toString()).isEqualTo("abc.DEF_123-x");
	}

	@Test
	void anInsaneIncomingRequestIdIsReplacedBySixteenHexDigits() {
		assertThat(AccessLog.requestId("a b").toString()).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId("x".repeat(65)).toString()).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId("").toString()).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId(null).toString()).matches("[0-9a-f]{16}");
		assertThat(AccessLog.requestId("é").toString()).matches("[0-9a-f]{16}");
	}

	@Test
	void generatedRequestIdsDiffer() {
		assertThat(AccessLog.requestId(null).toString()).isNotEqualTo(AccessLog.requestId(null).toString());
	}
}
