package dev.playgate.gateway.edge;

import java.time.Duration;

import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.InvalidVideoIdException;
import dev.playgate.gateway.edge.RequestReader.RequestDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class RequestReaderTest {

	private static final String ID = "0123456789abcdefABCDEF0123456789";

	private final RequestReader reader = new RequestReader(new RequestDefaults(Duration.ofSeconds(3000),
			Duration.ofSeconds(3600), Duration.ofSeconds(60), Duration.ofSeconds(30)));

	private CredentialRequest playInfo(String query) {
		return reader.playInfo(ID, QueryParameters.of("/v1/videos/" + ID + "/play-info" + query));
	}

	private CredentialRequest playAuth(String query) {
		return reader.playAuth(ID, QueryParameters.of("/v1/videos/" + ID + "/play-auth" + query));
	}

	@Test
	void equivalentPlayInfoRequestsShareOneKey() {
		CredentialRequest a = playInfo("?formats=mp4,m3u8&definition=hd,sd&streamType=VIDEO&resultType=single");
		CredentialRequest b = playInfo("?formats=%20M3U8&formats=mp4,mp4&definition=SD,HD,&streamtype=video"
				+ "&resultType=Single&authTimeout=3600");
		assertThat(a.key()).isEqualTo(b.key());
		assertThat(a.key().canonical()).isEqualTo("play-info:" + ID
				+ "?AuthTimeout=3600&Definition=HD,SD&Formats=m3u8,mp4&StreamType=video");
	}

	@Test
	void singleResultTypeIsVodsDefaultAndSharesTheKeyOfNone() {
		assertThat(playInfo("?resultType=Single").key()).isEqualTo(playInfo("").key());
		assertThat(playInfo("?resultType=multiple").key().parameter("ResultType")).isEqualTo("Multiple");
	}

	@Test
	void explicitOutputTypeIsItsOwnKeyBecauseVodsDefaultIsDisputed() {
		assertThat(playInfo("?outputType=CDN").key()).isNotEqualTo(playInfo("").key());
		assertThat(playInfo("?outputType=CDN").key().parameter("OutputType")).isEqualTo("cdn");
	}

	@Test
	void semicolonIsPartOfTheValueNotASeparator() {
		assertThatThrownBy(() -> playInfo("?formats=mp4;m3u8")).isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("formats");
	}

	@Test
	void playAuthAlwaysAsksVodForAnExplicitTimeout() {
		assertThat(playAuth("").key()).isEqualTo(playAuth("?authInfoTimeout=3000").key());
		assertThat(playAuth("").key().parameter("AuthInfoTimeout")).isEqualTo("3000");
		assertThat(playAuth("?authInfoTimeout=100").key().parameter("AuthInfoTimeout")).isEqualTo("100");
	}

	@Test
	void minValidityIsNotPartOfTheKey() {
		CredentialRequest a = playAuth("?minValidity=10");
		CredentialRequest b = playAuth("?minValidity=600");
		assertThat(a.key()).isEqualTo(b.key());
		assertThat(a.minValidity()).isEqualTo(Duration.ofSeconds(10));
		assertThat(b.minValidity()).isEqualTo(Duration.ofSeconds(600));
		assertThat(playAuth("").minValidity()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void defaultMinValidityShrinksForShortTimeouts() {
		assertThat(playInfo("?authTimeout=40").minValidity()).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void minValidityThatCanNeverBeMetIsRefused() {
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=100&minValidity=70"))
			.isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("minValidity must be less than authInfoTimeout minus the clock-skew margin (70s");
	}

	@Test
	void outOfRangeTimeoutsAreRefused() {
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=99")).hasMessage(
				"authInfoTimeout must be within 100..3000 seconds, got 99");
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=3001")).isInstanceOf(InvalidParameterException.class);
		assertThatThrownBy(() -> playInfo("?authTimeout=0")).isInstanceOf(InvalidParameterException.class);
		assertThatThrownBy(() -> playInfo("?authTimeout=2592001")).isInstanceOf(InvalidParameterException.class);
	}

	@Test
	void nonNumericTimeoutsAreRefused() {
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=1e3")).hasMessage(
				"authInfoTimeout must be a whole number of seconds, got '1e3'");
		assertThatThrownBy(() -> playAuth("?minValidity=-5")).isInstanceOf(InvalidParameterException.class);
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=100&authInfoTimeout=200"))
			.hasMessage("authInfoTimeout must be given once");
	}

	@Test
	void unknownListValuesAreRefused() {
		assertThatThrownBy(() -> playInfo("?formats=mp4,avi")).isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("got 'avi'");
		assertThatThrownBy(() -> playInfo("?definition=XL")).isInstanceOf(InvalidParameterException.class);
		assertThatThrownBy(() -> playInfo("?streamType=subtitle")).isInstanceOf(InvalidParameterException.class);
		assertThatThrownBy(() -> playInfo("?outputType=s3")).isInstanceOf(InvalidParameterException.class);
		assertThatThrownBy(() -> playInfo("?resultType=All")).isInstanceOf(InvalidParameterException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "%01", "%0d%0a", "%00", "%09", "%7F", "%C2%85", "\u0001", "\u0000", "\u007f" })
	void aControlCharacterInAKnownValueIsRefusedUnderTheParametersNameAndNotRepeated(String control) {
		String[][] cases = { { "formats", "mp4" }, { "definition", "HD" }, { "streamType", "video" },
				{ "outputType", "cdn" }, { "resultType", "Single" }, { "authTimeout", "3600" },
				{ "minValidity", "60" } };
		for (String[] parameter : cases) {
			for (String value : new String[] { parameter[1] + control, control + parameter[1], "mp" + control + "4" }) {
				assertThatThrownBy(() -> playInfo("?" + parameter[0] + "=" + value)).as(parameter[0] + "=" + value)
					.isInstanceOf(InvalidParameterException.class)
					.hasMessage(parameter[0] + " must not contain control characters");
			}
		}
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=3000" + control))
			.hasMessage("authInfoTimeout must not contain control characters");
		assertThatThrownBy(() -> playAuth("?minValidity=" + control)).hasMessage(
				"minValidity must not contain control characters");
	}

	@Test
	void aControlCharacterInAnyRepeatOrCaseOfTheNameIsRefused() {
		assertThatThrownBy(() -> playInfo("?formats=mp4&formats=m3u8%0a"))
			.hasMessage("formats must not contain control characters");
		assertThatThrownBy(() -> playInfo("?FORMATS=m3u8%0a"))
			.hasMessage("formats must not contain control characters");
		assertThatThrownBy(() -> playAuth("?authInfoTimeout=3000&authInfoTimeout=3000%00"))
			.hasMessage("authInfoTimeout must not contain control characters");
	}

	@Test
	void surroundingSpacesAreStillTrimmed() {
		assertThat(playInfo("?formats=+mp4%20,%20m3u8+&definition=%20HD&authTimeout=%203600+&minValidity=+60").key())
			.isEqualTo(playInfo("?formats=mp4,m3u8&definition=HD").key());
		assertThat(playAuth("?authInfoTimeout=+100%20").key()).isEqualTo(playAuth("?authInfoTimeout=100").key());
	}

	@Test
	void aControlCharacterInAnUnknownParameterIsIgnoredLikeTheParameter() {
		assertThat(playAuth("?_=%00%0d%0a&player=web%01").key()).isEqualTo(playAuth("").key());
	}

	@Test
	void unknownParametersAreIgnored() {
		assertThat(playAuth("?_=123&player=web").key()).isEqualTo(playAuth("").key());
	}

	@Test
	void malformedVideoIdsAreRefused() {
		QueryParameters none = QueryParameters.of("/");
		assertThatThrownBy(() -> reader.playAuth("short", none)).isInstanceOf(InvalidVideoIdException.class);
		assertThatThrownBy(() -> reader.playAuth("0123456789abcdef0123456789abcde-", none))
			.isInstanceOf(InvalidVideoIdException.class);
		assertThatThrownBy(() -> reader.playAuth("x".repeat(500), none))
			.hasMessage("videoId must be 32 characters of [0-9a-zA-Z], got a value of 500 characters");
	}
}
