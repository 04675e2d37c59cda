package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

final class AuthenticatorTest {

	private static final long NOW = Authenticator.parseTimestamp("2026-01-01T12:00:00Z");

	private final Authenticator authenticator = new Authenticator(List.of(AccessKey.of("ak", "sk"),
			AccessKey.sts("STS.ak", "sk2", "tok")), Duration.ofMinutes(15), new NonceStore(100));

	@Test
	void wellSignedCallIsAuthentic() {
		assertThat(authenticator.check(signed(parameters("ak"), "sk"))).isNull();
	}

	@Test
	void eachMissingCommonParameterIsNamed() {
		for (String name : List.of("AccessKeyId", "Signature", "SignatureNonce", "Timestamp")) {
			Map<String, String> parameters = signed(parameters("ak"), "sk").parameters();
			parameters.remove(name);

			ApiError error = authenticator.check(new RpcRequest("POST", parameters, NOW));

			assertThat(error.code()).isEqualTo("Missing" + name);
			assertThat(error.status()).isEqualTo(400);
			assertThat(error.authentication()).isTrue();
		}
	}

	@Test
	void malformedTimestampsAreFormatErrors() {
		for (String timestamp : List.of("2026-01-01 12:00:00", "2026-13-01T12:00:00Z", "2026-02-30T12:00:00Z",
				"2026-01-01T12:00:00+08:00", "1767268800")) {
			Map<String, String> parameters = parameters("ak");
			parameters.put("Timestamp", timestamp);

			assertThat(authenticator.check(signed(parameters, "sk")).code()).as(timestamp)
					.isEqualTo("InvalidTimeStamp.Format");
		}
	}

	@Test
	void timestampsParseAsUtc() {
		assertThat(Authenticator.parseTimestamp("1970-01-01T00:00:01Z")).isEqualTo(1000);
		assertThat(Authenticator.formatTimestamp(NOW)).isEqualTo("2026-01-01T12:00:00Z");
	}

	@Test
	void unsupportedSignatureMethodIsRefused() {
		Map<String, String> parameters = parameters("ak");
		parameters.put("SignatureMethod", "MD5");

		assertThat(authenticator.check(signed(parameters, "sk")).code()).isEqualTo("InvalidSignatureMethod");
	}

	@Test
	void staticKeySendingASecurityTokenIsRefused() {
		Map<String, String> parameters = parameters("ak");
		parameters.put("SecurityToken", "tok");

		assertThat(authenticator.check(signed(parameters, "sk")).code())
				.isEqualTo("InvalidSecurityToken.MismatchWithAccessKey");
	}

	@Test
	void forgedRequestDoesNotBurnTheNonce() {
		Map<String, String> parameters = parameters("ak");
		assertThat(authenticator.check(signed(parameters, "wrong")).code()).isEqualTo("SignatureDoesNotMatch");

		assertThat(authenticator.check(signed(parameters, "sk"))).isNull();
		assertThat(authenticator.check(signed(parameters, "sk")).code()).isEqualTo("SignatureNonceUsed");
	}

	@Test
	void signatureMismatchTellsTheServerStringToSign() {
		RpcRequest request = signed(parameters("ak"), "wrong");

		assertThat(authenticator.check(request).message())
				.endsWith("server string to sign is:" + SignatureV1.stringToSign("POST", request.parameters()));
	}

	private static Map<String, String> parameters(String accessKeyId) {
		Map<String, String> parameters = new HashMap<>();
		parameters.put("Action", "GetPlayInfo");
		parameters.put("Version", "2017-03-21");
		parameters.put("AccessKeyId", accessKeyId);
		parameters.put("SignatureMethod", "HMAC-SHA1");
		parameters.put("SignatureVersion", "1.0");
		parameters.put("SignatureNonce", "nonce-1");
		parameters.put("Timestamp", Authenticator.formatTimestamp(NOW));
		parameters.put("VideoId", "0123456789abcdef0123456789abcdef");
		return parameters;
	}

	private static RpcRequest signed(Map<String, String> parameters, String secret) {
		Map<String, String> copy = new HashMap<>(parameters);
		copy.remove("Signature");
		copy.put("Signature", SignatureV1.sign("HMAC-SHA1", secret, SignatureV1.stringToSign("POST", copy)));
		return new RpcRequest("POST", copy, NOW);
	}
}
