package dev.playgate.gateway.upstream;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.playgate.gateway.api.PlayAuthAnswer;
import dev.playgate.gateway.api.PlayInfoAnswer;
import dev.playgate.gateway.credential.VideoId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

final class VodJsonTest {

	private static final VideoId VIDEO = VideoId.parse("0123456789abcdef0123456789ABCDEF");

	private static final Instant EXPIRES = Instant.parse("2026-12-03T11:00:00Z");

	@Test
	void playAuthAnswerReadsAsTheSdkReadsIt() {
		PlayAuthAnswer answer = VodJson.playAuth(VIDEO, parse("{\"RequestId\":\"r\",\"PlayAuth\":\"p\","
				+ "\"VideoMeta\":{\"Title\":\"標題 \\\"q\\\"\",\"Duration\":120.5,\"CoverURL\":\"c\",\"Status\":\"Normal\"}}"),
				EXPIRES);

		assertThat(answer).isEqualTo(new PlayAuthAnswer(VIDEO, "p", EXPIRES,
				new PlayAuthAnswer.VideoMeta("標題 \"q\"", 120.5f, "c", "Normal"), "r"));
	}

	@Test
	void escapedCharactersDecode() {
		PlayAuthAnswer answer = VodJson.playAuth(VIDEO, parse("{\"PlayAuth\":\"a\\u0026b\\u4e2d\"}"), EXPIRES);

		assertThat(answer.playAuth()).isEqualTo("a&b中");
	}

	@Test
	void missingAndNullFieldsAreNull() {
		PlayAuthAnswer answer = VodJson.playAuth(VIDEO, parse("{\"PlayAuth\":null}"), EXPIRES);

		assertThat(answer.playAuth()).isNull();
		assertThat(answer.videoMeta()).isNull();
		assertThat(answer.requestId()).isNull();
	}

	@Test
	void playInfoNumbersComeAsNumbersOrStrings() {
		PlayInfoAnswer answer = VodJson.playInfo(VIDEO, parse("{\"RequestId\":\"r\",\"VideoBase\":{\"Duration\":\"9.5\"},"
				+ "\"PlayInfoList\":{\"PlayInfo\":[{\"PlayURL\":\"u\",\"Bitrate\":\"450.5\",\"Width\":\"640\","
				+ "\"Height\":360,\"Size\":640.0,\"Fps\":25,\"Encrypt\":0,\"Duration\":\"n/a\"}]}}"), EXPIRES);

		PlayInfoAnswer.PlayInfo stream = answer.playInfos().get(0);
		assertThat(stream.playUrl()).isEqualTo("u");
		assertThat(stream.bitrate()).isEqualByComparingTo("450.5");
		assertThat(stream.width()).isEqualTo(640L);
		assertThat(stream.height()).isEqualTo(360L);
		assertThat(stream.size()).as("an integer written 640.0").isEqualTo(640L);
		assertThat(stream.fps()).isEqualByComparingTo(BigDecimal.valueOf(25));
		assertThat(stream.encrypt()).isZero();
		assertThat(stream.duration()).as("a decimal that does not parse").isNull();
		assertThat(answer.videoBase().duration()).isEqualByComparingTo("9.5");
	}

	@Test
	void listComesInVodsWrapperOrBare() {
		String bare = "{\"PlayInfoList\":[{\"PlayURL\":\"a\"},{\"PlayURL\":\"b\"}]}";
		String wrapped = "{\"PlayInfoList\":{\"PlayInfo\":[{\"PlayURL\":\"a\"},{\"PlayURL\":\"b\"}]}}";

		assertThat(VodJson.playInfo(VIDEO, parse(bare), EXPIRES).playInfos()).hasSize(2);
		assertThat(VodJson.playInfo(VIDEO, parse(wrapped), EXPIRES).playInfos()).hasSize(2);
		assertThat(VodJson.playInfo(VIDEO, parse("{}"), EXPIRES).playInfos()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"PlayInfoList\":{\"PlayInfo\":[{\"Width\":640.5}]}}",
			"{\"PlayInfoList\":{\"PlayInfo\":[{\"Width\":\"wide\"}]}}", "{\"PlayInfoList\":{\"PlayInfo\":[7]}}",
			"{\"PlayInfoList\":\"none\"}", "{\"VideoBase\":[]}", "{\"PlayInfoList\":{\"PlayInfo\":[{\"PlayURL\":{}}]}}" })
	void playInfoThatCannotBeReadIsAnUnreadableAnswer(String json) {
		assertThatExceptionOfType(VodCallException.class).isThrownBy(() -> VodJson.playInfo(VIDEO, parse(json), EXPIRES))
			.satisfies(failure -> assertThat(failure.failure().isUnexpected()).isTrue());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "[]", "\"text\"", "{\"a\":", "<html></html>", "null" })
	void bodyThatIsNotAJsonObjectIsAnUnreadableAnswer(String body) {
		assertThatExceptionOfType(VodCallException.class).isThrownBy(() -> parse(body))
			.satisfies(failure -> assertThat(failure.failure().isUnexpected()).isTrue());
	}

	@Test
	void errorCodeAndRequestIdAreReadInEitherCase() {
		assertThat(VodJson.errorCode(parse("{\"Code\":\"A\",\"code\":\"B\"}"))).isEqualTo("A");
		assertThat(VodJson.errorCode(parse("{\"code\":\"B\"}"))).isEqualTo("B");
		assertThat(VodJson.errorCode(parse("{}"))).isNull();
		assertThat(VodJson.requestId(parse("{\"requestId\":\"r\"}"))).isEqualTo("r");
	}

	private static tools.jackson.databind.JsonNode parse(String json) {
		return VodJson.parse(json.getBytes(StandardCharsets.UTF_8));
	}
}
