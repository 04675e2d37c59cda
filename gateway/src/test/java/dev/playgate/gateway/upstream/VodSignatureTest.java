package dev.playgate.gateway.upstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.aliyuncs.auth.RpcSignatureComposer;
import com.aliyuncs.auth.signers.HmacSHA1Signer;
import com.aliyuncs.http.MethodType;
import dev.playgate.gateway.upstream.VodSignature.AccessKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class VodSignatureTest {

	private static final AccessKey KEY = new AccessKey("testAk", "testSecret", null);

	@Test
	void workedExampleOfTheFactSheetSignsAsTheSdkDoes() {
		Map<String, String> parameters = new TreeMap<>(Map.of("AccessKeyId", "testid", "Action", "GetVideoPlayAuth",
				"AuthInfoTimeout", "3000", "Format", "JSON", "RegionId", "cn-shanghai", "SignatureMethod", "HMAC-SHA1",
				"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion", "1.0", "Timestamp",
				"2024-01-01T12:00:00Z", "Version", "2017-03-21"));
		parameters.put("VideoId", "93ab850b4f6f54b6e91d24d81d44****");

		String canonical = VodSignature.canonical(parameters);

		assertThat(canonical).endsWith("Timestamp=2024-01-01T12%3A00%3A00Z&Version=2017-03-21"
				+ "&VideoId=93ab850b4f6f54b6e91d24d81d44%2A%2A%2A%2A");
		assertThat(VodSignature.sign("POST&%2F&" + VodSignature.percentEncode(canonical), "testsecret"))
			.isEqualTo("rJIg6tmX5Z4IAJoopqBTW5gEP38=");
	}

	@Test
	void percentEncodingIsRfc3986OverUtf8() {
		assertThat(VodSignature.percentEncode("a b*c~d+e/f:中")).isEqualTo("a%20b%2Ac~d%2Be%2Ff%3A%E4%B8%AD");
	}

	@Test
	void stringToSignAndSignatureMatchTheSdksForAnyValues() {
		Random random = new Random(42);
		HmacSHA1Signer signer = new HmacSHA1Signer();
		for (int round = 0; round < 200; round++) {
			Map<String, String> parameters = new HashMap<>();
			for (int i = random.nextInt(6) + 1; i > 0; i--) {
				parameters.put(word(random), word(random));
			}
			String secret = word(random);

			String ours = "POST&%2F&" + VodSignature.percentEncode(VodSignature.canonical(new TreeMap<>(parameters)));
			String sdks = RpcSignatureComposer.getComposer()
				.composeStringToSign(MethodType.POST, null, signer, parameters, Map.of(), Map.of());

			assertThat(ours).isEqualTo(sdks);
			assertThat(VodSignature.sign(ours, secret))
				.isEqualTo(signer.signString(sdks, secret + "&"));
		}
	}

	@Test
	void signedQueryCarriesTheCommonParametersAndASignatureOverAllOfThem() {
		Map<String, String> parameters = new LinkedHashMap<>(Map.of("VideoId", "v*1", "AuthInfoTimeout", "3000"));

		Map<String, String> query = decode(VodSignature.signedQuery("GetVideoPlayAuth", parameters, KEY,
				"cn-shanghai", Instant.parse("2026-12-03T10:00:00.750Z")));

		assertThat(query).containsEntry("Action", "GetVideoPlayAuth")
			.containsEntry("Version", "2017-03-21")
			.containsEntry("Format", "JSON")
			.containsEntry("RegionId", "cn-shanghai")
			.containsEntry("AccessKeyId", "testAk")
			.containsEntry("SignatureMethod", "HMAC-SHA1")
			.containsEntry("SignatureVersion", "1.0")
			.containsEntry("Timestamp", "2026-12-03T10:00:00Z")
			.containsEntry("VideoId", "v*1")
			.doesNotContainKey("SecurityToken");
		assertThat(query.get("SignatureNonce")).matches("[0-9a-f]{32}");
		assertThat(query.get("Signature")).isEqualTo(expectedSignature(query, "testSecret"));
	}

	@Test
	void eachQueryHasItsOwnNonce() {
		Instant now = Instant.parse("2026-12-03T10:00:00Z");

		String first = decode(VodSignature.signedQuery("GetPlayInfo", Map.of("VideoId", "v"), KEY, "cn-shanghai", now))
			.get("SignatureNonce");
		String second = decode(VodSignature.signedQuery("GetPlayInfo", Map.of("VideoId", "v"), KEY, "cn-shanghai", now))
			.get("SignatureNonce");

		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void temporaryAccessKeySendsItsTokenSigned() {
		AccessKey sts = new AccessKey("STS.id", "stsSecret", "token/with+chars=");

		Map<String, String> query = decode(VodSignature.signedQuery("GetPlayInfo", Map.of("VideoId", "v"), sts,
				"cn-shanghai", Instant.parse("2026-12-03T10:00:00Z")));

		assertThat(query).containsEntry("SecurityToken", "token/with+chars=");
		assertThat(query.get("Signature")).isEqualTo(expectedSignature(query, "stsSecret"));
	}

	@Test
	void accessKeyPrintsNeitherItsSecretNorItsToken() {
		assertThat(new AccessKey("LTAI5tExample", "s3cr3t", "t0ken").toString()).doesNotContain("s3cr3t", "t0ken")
			.doesNotContain("LTAI5tExample");
	}

	/** The signature the SDK's own composer and signer give the query's other parameters. */
	private static String expectedSignature(Map<String, String> query, String secret) {
		Map<String, String> unsigned = new HashMap<>(query);
		unsigned.remove("Signature");
		HmacSHA1Signer signer = new HmacSHA1Signer();
		String stringToSign = RpcSignatureComposer.getComposer()
			.composeStringToSign(MethodType.POST, null, signer, unsigned, Map.of(), Map.of());
		// the SDK's client hands its signer the secret with the '&' appended
		return signer.signString(stringToSign, secret + "&");
	}

	private static Map<String, String> decode(String query) {
		Map<String, String> pairs = new HashMap<>();
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			pairs.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return pairs;
	}

	private static String word(Random random) {
		String alphabet = "aZ09-_.~ *+/:=&%中é\u00ff";
		StringBuilder word = new StringBuilder();
		for (int i = random.nextInt(12) + 1; i > 0; i--) {
			word.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return word.toString();
	}
}
