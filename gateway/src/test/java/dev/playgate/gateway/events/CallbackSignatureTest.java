package dev.playgate.gateway.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class CallbackSignatureTest {

	@Test
	void signatureOfVodsWorkedExampleIsVodsValue() {
		assertThat(CallbackSignature.of("https://www.example.com/your/callback", "1519375990", "test123"))
			.isEqualTo("c72b60894140fa98920f1279219b7ed4");
	}

	@Test
	void upperCaseHexMatchesAndAnyOtherKeyDoesNot() {
		String url = "https://www.example.com/your/callback";
		assertThat(CallbackSignature.matches("C72B60894140FA98920F1279219B7ED4", url, "1519375990", "test123")).isTrue();
		assertThat(CallbackSignature.matches("c72b60894140fa98920f1279219b7ed4", url, "1519375990", "test124"))
			.isFalse();
		assertThat(CallbackSignature.matches("c72b60894140fa98920f1279219b7ed4", url + "/", "1519375990", "test123"))
			.isFalse();
	}
}
