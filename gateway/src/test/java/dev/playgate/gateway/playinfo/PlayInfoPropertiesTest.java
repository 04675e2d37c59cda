package dev.playgate.gateway.playinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import dev.playgate.gateway.urlsign.SigningType;
import org.junit.jupiter.api.Test;

final class PlayInfoPropertiesTest {

	private static final Duration HOUR = Duration.ofHours(1);

	@Test
	void upstreamIsTheDefaultModeAndNeedsNoKey() {
		PlayInfoProperties properties = new PlayInfoProperties(null, HOUR, "upstream",
				new PlayInfoProperties.UrlSigning(null, SigningType.A), HOUR);

		assertThat(properties.isLocalSign()).isFalse();
	}

	@Test
	void localSignWithoutAKeyIsRefusedNamingTheSetting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlayInfoProperties(null, HOUR, " Local-Sign ",
					new PlayInfoProperties.UrlSigning("  ", SigningType.A), HOUR))
			.withMessageContaining("playgate.play-info.url-signing.key");
	}

	@Test
	void unknownModeAndOutOfRangeCatalogueTtlAreRefusedWithTheValue() {
		PlayInfoProperties.UrlSigning signing = new PlayInfoProperties.UrlSigning("k3y", SigningType.B);

		assertThatIllegalArgumentException().isThrownBy(() -> new PlayInfoProperties(null, HOUR, "local", signing, HOUR))
			.withMessageContaining("playgate.play-info.mode").withMessageContaining("'local'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlayInfoProperties(null, HOUR, "local-sign", signing, Duration.ofSeconds(30)))
			.withMessageContaining("playgate.play-info.catalogue-ttl").withMessageContaining("PT30S");
	}

	@Test
	void keyIsTrimmedAndNeverPrinted() {
		PlayInfoProperties properties = new PlayInfoProperties(null, HOUR, "local-sign",
				new PlayInfoProperties.UrlSigning(" s3cretDomainKey ", SigningType.C), HOUR);

		assertThat(properties.isLocalSign()).isTrue();
		assertThat(properties.urlSigning().key()).isEqualTo("s3cretDomainKey");
		assertThat(properties.toString()).doesNotContain("s3cretDomainKey").contains("<redacted>");
	}
}
