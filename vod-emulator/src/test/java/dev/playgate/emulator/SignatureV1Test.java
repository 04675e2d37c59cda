package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import com.aliyuncs.auth.AcsURLEncoder;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.RpcSignatureComposer;
import com.aliyuncs.auth.Signer;
import com.aliyuncs.http.MethodType;
import org.junit.jupiter.api.Test;

final class SignatureV1Test {

	@Test
	void workedExampleOfTheReferenceVerifies() {
		Map<String, String> parameters = new HashMap<>(Map.of("AccessKeyId", "testid", "Action", "GetVideoPlayAuth",
				"AuthInfoTimeout", "3000", "Format", "JSON", "RegionId", "cn-shanghai", "SignatureMethod", "HMAC-SHA1",
				"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion", "1.0", "Timestamp",
				"2024-01-01T12:00:00Z", "Version", "2017-03-21"));
		parameters.put("VideoId", "93ab850b4f6f54b6e91d24d81d44****");
		parameters.put("Signature", "ignored");

		String stringToSign = SignatureV1.stringToSign("POST", parameters);

		assertThat(stringToSign).isEqualTo("POST&%2F&AccessKeyId%3Dtestid%26Action%3DGetVideoPlayAuth"
				+ "%26AuthInfoTimeout%3D3000%26Format%3DJSON%26RegionId%3Dcn-shanghai%26SignatureMethod%3DHMAC-SHA1"
				+ "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
				+ "%26Timestamp%3D2024-01-01T12%253A00%253A00Z%26Version%3D2017-03-21"
				+ "%26VideoId%3D93ab850b4f6f54b6e91d24d81d44%252A%252A%252A%252A");
		assertThat(SignatureV1.sign(SignatureV1.HMAC_SHA1, "testsecret", stringToSign))
				.isEqualTo("rJIg6tmX5Z4IAJoopqBTW5gEP38=");
	}

	@Test
	void percentEncodingMatchesTheReferenceExample() {
		assertThat(SignatureV1.percentEncode("a b*c~d+e/f:中")).isEqualTo("a%20b%2Ac~d%2Be%2Ff%3A%E4%B8%AD");
	}

	@Test
	void percentEncodingMatchesTheSdkOnRandomText() throws Exception {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 2_000; i++) {
			String text = randomText(random);
			assertThat(SignatureV1.percentEncode(text)).as(text).isEqualTo(AcsURLEncoder.percentEncode(text));
		}
	}

	@Test
	void stringToSignMatchesTheSdkComposer() {
		SplittableRandom random = new SplittableRandom(7);
		Signer signer = Signer.getSigner(new BasicCredentials("ak", "sk"));
		for (int i = 0; i < 200; i++) {
			Map<String, String> parameters = new HashMap<>();
			for (int p = 0; p < 1 + random.nextInt(12); p++) {
				parameters.put(randomName(random), randomText(random));
			}
			MethodType method = random.nextBoolean() ? MethodType.POST : MethodType.GET;
			String sdk = RpcSignatureComposer.getComposer().composeStringToSign(method, null, signer,
					new HashMap<>(parameters), null, null);
			assertThat(SignatureV1.stringToSign(method.name(), parameters)).isEqualTo(sdk);
			assertThat(SignatureV1.sign(SignatureV1.HMAC_SHA1, "sk", sdk)).isEqualTo(signer.signString(sdk, "sk&"));
		}
	}

	private static String randomName(SplittableRandom random) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
		StringBuilder name = new StringBuilder();
		for (int i = 0; i < 1 + random.nextInt(12); i++) {
			name.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return name.toString();
	}

	private static String randomText(SplittableRandom random) {
		String alphabet = "aZ09 -_.~*+/:=&%?#中文é😀\"'\\{}[],;!@$^()|<>`\n\t";
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(24);
		while (text.length() < length) {
			int index = random.nextInt(alphabet.length());
			char c = alphabet.charAt(index);
			text.append(Character.isSurrogate(c) ? "😀" : String.valueOf(c));
		}
		return text.toString();
	}
}
