package dev.playgate.gateway.urlsign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The worked examples of the CDN's documentation, and reading signed URLs back. */
final class UrlSignerTest {

	private static final String KEY = "aliyuncdnexp1234";

	@Test
	void typeAMatchesTheWorkedExample() {
		UrlSigner signer = UrlSigner.of(SigningType.A, KEY);

		String signed = signer.sign(UnsignedUrl.parse("http://cdn.example.com/video/standard/1K.html"),
				Instant.ofEpochSecond(1444435200), "0");

		assertThat(signed).isEqualTo(
				"http://cdn.example.com/video/standard/1K.html?auth_key=1444435200-0-0-80cd3862d699b7118eed99103f2a3a4f");
	}

	@Test
	void typeBMatchesTheWorkedExample() {
		UrlSigner signer = UrlSigner.of(SigningType.B, KEY);

		String signed = signer.sign(UnsignedUrl.parse("http://cdn.example.com/4/44/44c0909bcfc20a01afaf256ca99a8b8b.mp3"),
				Instant.parse("2015-08-15T00:00:00Z"), "ignored");

		assertThat(signed).isEqualTo("http://cdn.example.com/201508150800/9044548ef1527deadafa49a890a377f0"
				+ "/4/44/44c0909bcfc20a01afaf256ca99a8b8b.mp3");
		assertThat(signer.signedUntil(Instant.parse("2015-08-15T00:00:42Z"))).isEqualTo("2015-08-15T00:01:00Z");
	}

	@Test
	void typeCMatchesTheWorkedExample() {
		UrlSigner signer = UrlSigner.of(SigningType.C, KEY);

		String signed = signer.sign(UnsignedUrl.parse("http://cdn.example.com/test.flv"),
				Instant.ofEpochSecond(0x55CE8100L), "ignored");

		assertThat(signed).isEqualTo("http://cdn.example.com/a37fa50a5fb8f71214b1e7c95ec7a1bd/55CE8100/test.flv");
	}

	@Test
	void workedExamplesOfTypesBAndCReadBackVerifiedToTheirPath() {
		String typeB = "http://cdn.example.com/201508150800/9044548ef1527deadafa49a890a377f0"
				+ "/4/44/44c0909bcfc20a01afaf256ca99a8b8b.mp3";
		String typeC = "http://cdn.example.com/a37fa50a5fb8f71214b1e7c95ec7a1bd/55CE8100/test.flv";

		assertThat(UrlSigner.of(SigningType.B, KEY).read(typeB)).isEqualTo(new ReadUrl(
				UnsignedUrl.parse("http://cdn.example.com/4/44/44c0909bcfc20a01afaf256ca99a8b8b.mp3"),
				SignatureCheck.VERIFIED));
		assertThat(UrlSigner.of(SigningType.C, KEY).read(typeC))
			.isEqualTo(new ReadUrl(UnsignedUrl.parse("http://cdn.example.com/test.flv"), SignatureCheck.VERIFIED));
		assertThat(UrlSigner.of(SigningType.C, KEY).read(typeB).check()).isEqualTo(SignatureCheck.UNSIGNED);
		assertThat(UrlSigner.of(SigningType.B, KEY).read(typeC).check()).isEqualTo(SignatureCheck.UNSIGNED);
		assertThat(UrlSigner.of(SigningType.A, KEY).read(typeC).check()).isEqualTo(SignatureCheck.UNSIGNED);
	}

	@Test
	void tamperedTypeBOrCTimestampReadsAsAMismatch() {
		String typeB = "http://cdn.example.com/201508150900/9044548ef1527deadafa49a890a377f0"
				+ "/4/44/44c0909bcfc20a01afaf256ca99a8b8b.mp3";
		String typeC = "http://cdn.example.com/a37fa50a5fb8f71214b1e7c95ec7a1bd/55CE8200/test.flv";

		assertThat(UrlSigner.of(SigningType.B, KEY).read(typeB).check()).isEqualTo(SignatureCheck.MISMATCH);
		assertThat(UrlSigner.of(SigningType.C, KEY).read(typeC).check()).isEqualTo(SignatureCheck.MISMATCH);
	}

	@Test
	void signedTimestampNeverComesBeforeTheExpiry() {
		Instant expiry = Instant.parse("2030-01-01T00:00:00.250Z");

		assertThat(UrlSigner.of(SigningType.A, KEY).signedUntil(expiry)).isEqualTo("2030-01-01T00:00:01Z");
		assertThat(UrlSigner.of(SigningType.C, KEY).signedUntil(expiry)).isEqualTo("2030-01-01T00:00:01Z");
		assertThat(UrlSigner.of(SigningType.B, KEY).signedUntil(expiry)).isEqualTo("2030-01-01T00:01:00Z");
	}

	@Test
	void typeAKeepsOtherQueryParametersAndReadsBackToTheUnsignedUrl() {
		UrlSigner signer = UrlSigner.of(SigningType.A, KEY);
		UnsignedUrl unsigned = UnsignedUrl.parse("https://vod.example.com/a/b.m3u8?MtsHlsUriToken=t1");

		String signed = signer.sign(unsigned, Instant.ofEpochSecond(1_900_000_000L), "5f0c2a9e");
		ReadUrl read = signer.read(signed);

		assertThat(signed).startsWith("https://vod.example.com/a/b.m3u8?MtsHlsUriToken=t1&auth_key=1900000000-5f0c2a9e-0-");
		assertThat(read.check()).isEqualTo(SignatureCheck.VERIFIED);
		assertThat(read.unsigned()).isEqualTo(unsigned);
	}

	@Test
	void everyTypeVerifiesWhatItSignedAndRefusesAnotherKey() {
		for (SigningType type : SigningType.values()) {
			UrlSigner signer = UrlSigner.of(type, KEY);
			UnsignedUrl unsigned = UnsignedUrl.parse("https://vod.example.com/v/x/hd.mp4");
			String signed = signer.sign(unsigned, Instant.ofEpochSecond(1_900_000_000L), "abc");

			assertThat(signer.read(signed)).isEqualTo(new ReadUrl(unsigned, SignatureCheck.VERIFIED));
			assertThat(UrlSigner.of(type, "anotherKey99").read(signed))
				.isEqualTo(new ReadUrl(unsigned, SignatureCheck.MISMATCH));
		}
	}

	@Test
	void urlWithoutASignatureOfTheTypeReadsAsUnsigned() {
		String bare = "https://vod.example.com/v/x/hd.mp4";

		for (SigningType type : SigningType.values()) {
			assertThat(UrlSigner.of(type, KEY).read(bare).check()).isEqualTo(SignatureCheck.UNSIGNED);
		}
		assertThat(UrlSigner.of(SigningType.A, KEY).read(bare + "?auth_key=garbage").check())
			.isEqualTo(SignatureCheck.MISMATCH);
	}

	@Test
	void typeAndKeyAreValidatedNamingTheSetting() {
		assertThat(SigningType.parse(" b ")).isEqualTo(SigningType.B);
		assertThatIllegalArgumentException().isThrownBy(() -> SigningType.parse("F"))
			.withMessageContaining("playgate.play-info.url-signing.type");
		assertThatIllegalArgumentException().isThrownBy(() -> UrlSigner.of(SigningType.A, " "))
			.withMessageContaining("playgate.play-info.url-signing.key");
		assertThat(UrlSigner.of(SigningType.A, KEY).toString()).doesNotContain(KEY);
	}
}
