package dev.playgate.gateway.edge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The origin-form the routes read, of an absolute-form request target. */
final class RequestTargetTest {

	@ParameterizedTest
	@CsvSource({ "http://gw/v1/videos/x/play-auth?a=1, /v1/videos/x/play-auth?a=1",
			"HTTPS://gw:8443/v1/play-auth/batch, /v1/play-auth/batch", "http://gw, /", "http://gw?a=1, /?a=1",
			"http://user@gw:80/x, /x" })
	void anHttpAbsoluteFormLosesItsSchemeAndAuthority(String target, String originForm) {
		assertThat(RequestTarget.originForm(target)).isEqualTo(originForm);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/videos/x/play-auth", "*", "gw:443", "ftp://gw/x", "v1/videos", "" })
	void anyOtherTargetIsLeftAsItIs(String target) {
		assertThat(RequestTarget.originForm(target)).isSameAs(target);
	}
}
