package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.playgate.gateway.credential.ProblemCode;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access-log line written as bytes is, byte for byte, what the access log wrote before through a
 * {@code StringBuilder} and {@code getBytes(UTF_8)} ({@link #before}, that code as it was), for every field.
 */
final class AccessLineTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aHitIsWrittenFieldByFieldInOrder() {
		AccessLine line = line("req-42", "fleet", "GET", "/v1/videos/abc/play-auth?authInfoTimeout=3000", 200, "HIT",
				null, 412_345);
		assertThat(text(line)).isEqualTo("{\"requestId\":\"req-42\",\"client\":\"fleet\",\"method\":\"GET\","
				+ "\"path\":\"/v1/videos/abc/play-auth\",\"status\":200,\"cache\":\"HIT\",\"code\":null,"
				+ "\"durationMs\":412.345}\n");
	}

	@Test
	void aProblemHasItsCodeAndNoCache() {
		AccessLine line = line("r", null, "POST", "/v1/play-auth/batch", 404, null, ProblemCode.VIDEO_NOT_FOUND,
				12_034_005);
		assertThat(text(line)).isEqualTo("{\"requestId\":\"r\",\"client\":null,\"method\":\"POST\","
				+ "\"path\":\"/v1/play-auth/batch\",\"status\":404,\"cache\":null,\"code\":\"VIDEO_NOT_FOUND\","
				+ "\"durationMs\":12034.005}\n");
	}

	@Test
	void clientTextIsEscapedAsJson() {
		AccessLine line = line("r", "a\"b\\c\nd\re\tf\u0001\u001f\u2028\u2029\u007f", "GET", "/x", 200, "HIT", null,
				0);
		assertThat(text(line)).contains("\"client\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u001f\\u2028\\u2029\u007f\"")
			.contains("\"durationMs\":0.000}");
		assertThat(JSON.readTree(text(line)).get("client").asString())
			.isEqualTo("a\"b\\c\nd\re\tf\u0001\u001f\u2028\u2029\u007f");
	}

	@Test
	void nonAsciiIsWrittenAsUtf8AndAnUnpairedSurrogateAsAQuestionMark() {
		Exchange exchange = new Exchange("r", "caf\u00e9 \u4e2d \ud83c\udfac \ud800x \udc00", "GET",
				"/v1/videos/\u00ff/play-auth", 200, "MISS", null, 7);
		assertThat(bytes(exchange.line())).isEqualTo(exchange.before());
		assertThat(text(exchange.line())).contains("\"client\":\"caf\u00e9 \u4e2d \ud83c\udfac ?x ?\"")
			.contains("\"path\":\"/v1/videos/\u00ff/play-auth\"");
	}

	@Test
	void eachLineIsOneJsonObjectWithTheFieldsInOrder() {
		JsonNode json = JSON.readTree(text(line("id", "c", "GET", "/p?q", 503, "STALE", ProblemCode.UPSTREAM_BUSY,
				1_000)));
		assertThat(json.propertyNames().stream().toList()).containsExactly("requestId", "client", "method", "path",
				"status", "cache", "code", "durationMs");
		assertThat(json.get("durationMs").asDouble()).isEqualTo(1.0);
	}

	@Test
	void everyExchangeIsWrittenAsTheOldFormatterWroteIt() {
		List<Exchange> exchanges = new ArrayList<>();
		String[] texts = { null, "", "fleet", "127.0.0.1", "0:0:0:0:0:0:0:1", "caf\u00e9", "\u0000\u0008\u000b\u000c",
				"\"quoted\"", "back\\slash", "\ud83d\ude00", "\ud83d", "\ude00", "\u2028\u2029", "\u0080\u07ff\u0800\uffff",
				"x".repeat(4000) };
		String[] uris = { "/", "", "?", "/a?b?c", "/v1/videos/\u00e9\u0001/play-info?x=\"", "/\\\"/" };
		long[] durations = { 0, 1, 9, 10, 99, 100, 999, 1_000, 1_001, 12_345_678, Long.MAX_VALUE / 1_000 };
		int[] statuses = { 0, 200, 404, 429, 503, 999 };
		int i = 0;
		for (String text : texts) {
			for (String uri : uris) {
				ProblemCode code = i % 3 == 0 ? null : ProblemCode.values()[i % ProblemCode.values().length];
				int status = statuses[i % statuses.length];
				exchanges.add(new Exchange("req." + status, text, text == null ? "GET" : text, uri, status, text, code,
						durations[i % durations.length]));
				i++;
			}
		}
		for (Exchange exchange : exchanges) {
			assertThat(bytes(exchange.line())).as("%s", exchange).isEqualTo(exchange.before());
		}
	}

	@Test
	void randomTextIsWrittenAsTheOldFormatterWroteIt() {
		Random random = new Random(14);
		for (int n = 0; n < 5_000; n++) {
			Exchange exchange = new Exchange(Long.toHexString(random.nextLong()), randomText(random), "GET",
					"/v1/videos/" + randomText(random), 200 + n % 400, n % 5 == 0 ? null : randomText(random),
					n % 7 == 0 ? ProblemCode.UPSTREAM_BUSY : null, random.nextInt(100_000_000));
			assertThat(bytes(exchange.line())).as("%s", exchange).isEqualTo(exchange.before());
		}
	}

	@Test
	void theMaximumLengthBoundsTheWorstCaseLine() {
		String controls = "\u0001".repeat(500);
		AccessLine line = line("x".repeat(64), controls, controls, controls + "?q", 200, controls,
				ProblemCode.INVALID_PARAMETER, Long.MAX_VALUE / 1_000);
		assertThat(line.writeTo(new byte[line.maxLength()], 0)).isLessThanOrEqualTo(line.maxLength());
	}

	@Test
	void aLineIsWrittenWhereItIsToldAndSaysWhereItEnded() {
		AccessLine line = line("r", "c", "GET", "/p", 200, "HIT", null, 5);
		byte[] to = new byte[10 + line.maxLength()];
		int end = line.writeTo(to, 10);
		assertThat(new String(to, 10, end - 10, StandardCharsets.UTF_8)).isEqualTo(text(line));
		assertThat(to[0]).isZero();
	}

	@Test
	void numbersAreWrittenAsStringBuilderWritesThem() {
		for (long value : new long[] { 0, 7, 10, 99, 100, 123_456_789, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE }) {
			byte[] to = new byte[20];
			int end = AccessLine.number(to, 0, value);
			assertThat(new String(to, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
		}
	}

	private static String randomText(Random random) {
		char[] chars = new char[random.nextInt(40)];
		for (int i = 0; i < chars.length; i++) {
			int kind = random.nextInt(6);
			chars[i] = (char) switch (kind) {
				case 0 -> random.nextInt(0x20);
				case 1 -> 0x20 + random.nextInt(0x60);
				case 2 -> 0x80 + random.nextInt(0x780);
				case 3 -> 0xD800 + random.nextInt(0x800);
				case 4 -> 0x2027 + random.nextInt(4);
				default -> random.nextInt(0x10000);
			};
		}
		return new String(chars);
	}

	/** A line as the access log makes it: started at 0 with the id, ended after {@code micros}. */
	static AccessLine line(String requestId, @Nullable String client, String method, String uri, int status,
			@Nullable String cache, @Nullable ProblemCode code, long micros) {
		AccessLine line = new AccessLine(0, new AsciiString(requestId));
		line.code = code;
		return line.end(client, method, uri, status, cache, micros * 1_000);
	}

	private static byte[] bytes(AccessLine line) {
		byte[] to = new byte[line.maxLength()];
		return Arrays.copyOf(to, line.writeTo(to, 0));
	}

	private static String text(AccessLine line) {
		return new String(bytes(line), StandardCharsets.UTF_8);
	}

	// ---- the formatter of AccessLog before the line was written as bytes, unchanged, as the reference ----

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	/** What one exchange gives the access log. */
	private record Exchange(String requestId, @Nullable String client, String method, String uri, int status,
			@Nullable String cache, @Nullable ProblemCode code, long micros) {

		AccessLine line() {
			return AccessLineTest.line(requestId, client, method, uri, status, cache, code, micros);
		}

		byte[] before() {
			return AccessLineTest.before(requestId, client, method, uri, status, cache, code, micros);
		}
	}

	private static byte[] before(String requestId, @Nullable String client, String method, String uri, int status,
			@Nullable String cache, @Nullable ProblemCode code, long durationMicros) {
		StringBuilder line = new StringBuilder();
		line.append("{\"requestId\":");
		string(line, requestId);
		line.append(",\"client\":");
		string(line, client);
		line.append(",\"method\":");
		string(line, method);
		line.append(",\"path\":");
		int query = uri.indexOf('?');
		string(line, uri, query < 0 ? uri.length() : query);
		line.append(",\"status\":").append(status);
		line.append(",\"cache\":");
		string(line, cache);
		line.append(",\"code\":");
		string(line, code == null ? null : code.name());
		line.append(",\"durationMs\":").append(durationMicros / 1000).append('.');
		long fraction = durationMicros % 1000;
		line.append(fraction < 10 ? "00" : fraction < 100 ? "0" : "").append(fraction).append('}');
		return (line + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static void string(StringBuilder line, @Nullable String value) {
		if (value == null) {
			line.append("null");
			return;
		}
		string(line, value, value.length());
	}

	private static void string(StringBuilder line, String value, int end) {
		line.append('"');
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> line.append("\\\"");
				case '\\' -> line.append("\\\\");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						line.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
							.append(HEX[c & 0xF]);
					}
					else {
						line.append(c);
					}
				}
			}
		}
		line.append('"');
	}
}
