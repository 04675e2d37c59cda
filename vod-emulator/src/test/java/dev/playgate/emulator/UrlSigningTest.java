package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The edge's checks of types B and C against the CDN documentation's worked examples (reference §2), and the
 * tampered, expired and malformed URLs it must refuse. Both examples sign the same instant, 2015-08-15T08:00 UTC+8.
 */
final class UrlSigningTest {

	private static final String KEY = "aliyuncdnexp1234";
	private static final long SIGNED_AT = 0x55CE8100L;
	private static final long VALIDITY = 1800;
	private static final String B_PATH = "/4/44/44c0909bcfc20a01afaf256ca99a8b8b.mp3";
	private static final String B_SIGNED = "/201508150800/9044548ef1527deadafa49a890a377f0" + B_PATH;
	private static final String C_SIGNED = "/a37fa50a5fb8f71214b1e7c95ec7a1bd/55CE8100/test.flv";

	private final UrlSigning typeB = signing(CdnAuthType.B);
	private final UrlSigning typeC = signing(CdnAuthType.C);

	@Test
	void typeBSignsTheWorkedExample() {
		assertThat(typeB.sign(B_PATH, SIGNED_AT, "ignored", "0")).isEqualTo(B_SIGNED);
	}

	@Test
	void typeBRoundsTheExpiryUpToTheMinute() {
		assertThat(typeB.sign(B_PATH, SIGNED_AT - 59, "0", "0")).startsWith("/201508150800/");
		assertThat(typeB.sign(B_PATH, SIGNED_AT + 1, "0", "0")).startsWith("/201508150801/");
	}

	@Test
	void typeBWorkedExampleIsServedUntilTimestampPlusValidity() {
		assertThat(typeB.refusal(B_SIGNED, Map.of(), SIGNED_AT)).isNull();
		assertThat(typeB.refusal(B_SIGNED, Map.of(), SIGNED_AT + VALIDITY)).isNull();
		assertThat(typeB.refusal(B_SIGNED, Map.of(), SIGNED_AT + VALIDITY + 1))
			.isEqualTo("denied by req auth: expired timestamp=201508150800");
	}

	@Test
	void typeBTamperedPathTimestampOrKeyIsAnInvalidMd5hash() {
		String otherKey = "/201508150800/" + PlayUrls.hash("anotherKey123" + "201508150800" + B_PATH) + B_PATH;

		assertThat(typeB.refusal(B_SIGNED.replace(".mp3", ".mp4"), Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: invalid md5hash=9044548ef1527deadafa49a890a377f0");
		assertThat(typeB.refusal(B_SIGNED.replace("201508150800", "201508150900"), Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: invalid md5hash=9044548ef1527deadafa49a890a377f0");
		assertThat(typeB.refusal(otherKey, Map.of(), SIGNED_AT)).startsWith("denied by req auth: invalid md5hash=");
	}

	@Test
	void typeBUnsignedOrMalformedPathIsRefused() {
		assertThat(typeB.refusal(B_PATH, Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: no timestamp/md5hash in path");
		assertThat(typeB.refusal(B_SIGNED.replace("201508150800", "201513150800"), Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: invalid timestamp=201513150800");
		assertThat(typeB.refusal(B_PATH + "?auth_key=1439596800-0-0-abc", Map.of("auth_key",
				List.of("1439596800-0-0-abc")), SIGNED_AT)).startsWith("denied by req auth: no timestamp/md5hash");
	}

	@Test
	void typeCSignsTheWorkedExampleInThePathForm() {
		assertThat(typeC.sign("/test.flv", SIGNED_AT, "ignored", "0")).isEqualTo(C_SIGNED);
	}

	@Test
	void typeCWorkedExampleIsServedInBothFormsUntilTimestampPlusValidity() {
		Map<String, List<String>> query = Map.of("KEY1", List.of("a37fa50a5fb8f71214b1e7c95ec7a1bd"), "KEY2",
				List.of("55CE8100"));

		assertThat(typeC.refusal(C_SIGNED, Map.of(), SIGNED_AT + VALIDITY)).isNull();
		assertThat(typeC.refusal("/test.flv", query, SIGNED_AT + VALIDITY)).isNull();
		assertThat(typeC.refusal(C_SIGNED, Map.of(), SIGNED_AT + VALIDITY + 1))
			.isEqualTo("denied by req auth: expired timestamp=55CE8100");
		assertThat(typeC.refusal("/test.flv", query, SIGNED_AT + VALIDITY + 1))
			.isEqualTo("denied by req auth: expired timestamp=55CE8100");
	}

	@Test
	void typeCTamperedPathTimestampOrKeyIsAnInvalidMd5hash() {
		String otherKey = "/" + PlayUrls.hash("anotherKey123/test.flv55CE8100") + "/55CE8100/test.flv";

		assertThat(typeC.refusal(C_SIGNED.replace("test.flv", "test.mp4"), Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: invalid md5hash=a37fa50a5fb8f71214b1e7c95ec7a1bd");
		assertThat(typeC.refusal(C_SIGNED.replace("55CE8100", "55CE8200"), Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: invalid md5hash=a37fa50a5fb8f71214b1e7c95ec7a1bd");
		assertThat(typeC.refusal(otherKey, Map.of(), SIGNED_AT)).startsWith("denied by req auth: invalid md5hash=");
		assertThat(typeC.refusal("/test.flv", Map.of("KEY1", List.of("a37fa50a5fb8f71214b1e7c95ec7a1bd"), "KEY2",
				List.of("55CE8101")), SIGNED_AT)).startsWith("denied by req auth: invalid md5hash=");
	}

	@Test
	void typeCUnsignedOrMalformedUrlIsRefused() {
		assertThat(typeC.refusal("/test.flv", Map.of(), SIGNED_AT))
			.isEqualTo("denied by req auth: no md5hash/timestamp in path or KEY1/KEY2");
		assertThat(typeC.refusal("/test.flv", Map.of("KEY1", List.of("a37fa50a5fb8f71214b1e7c95ec7a1bd")),
				SIGNED_AT)).isEqualTo("denied by req auth: invalid timestamp=");
		assertThat(typeC.refusal("/test.flv", Map.of("KEY1", List.of("a37fa50a5fb8f71214b1e7c95ec7a1bd"), "KEY2",
				List.of("tomorrow")), SIGNED_AT)).isEqualTo("denied by req auth: invalid timestamp=tomorrow");
	}

	@Test
	void signingsNeverPrintTheKey() {
		for (CdnAuthType type : CdnAuthType.values()) {
			assertThat(signing(type).toString()).doesNotContain(KEY);
		}
	}

	private static UrlSigning signing(CdnAuthType type) {
		return UrlSigning.of(new CdnOptions(KEY, Duration.ofSeconds(VALIDITY), type));
	}
}
