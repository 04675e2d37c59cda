package dev.playgate.gateway.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.VideoId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes of each public answer, pinned as the gateway wrote them before the encoders moved here (written
 * with {@code '} for {@code "} to stay readable).
 */
final class PublicAnswerShapeTest {

	private static final VideoId VIDEO = VideoId.parse("93ab850b4f6f44eab54b6e91d24d81d4");
	private static final Instant EXPIRES = Instant.parse("2026-11-29T10:49:30.750Z");

	@Test
	void playAuthAnswerKeepsItsBytes() {
		PlayAuthAnswer answer = new PlayAuthAnswer(VIDEO, "eyJTZWN1cml0eVRva2VuIjoiQ0FJUzN3", EXPIRES,
				new PlayAuthAnswer.VideoMeta("標題 one", 120.5f, "https://img.example.com/c.jpg", "Normal"),
				"25818875-5F78-4A13-BEF6-D7393642CA58");

		assertThat(text(answer.encode())).isEqualTo(json("{'videoId':'93ab850b4f6f44eab54b6e91d24d81d4',"
				+ "'playAuth':'eyJTZWN1cml0eVRva2VuIjoiQ0FJUzN3','expiresAt':'2026-11-29T10:49:30Z','videoMeta':{"
				+ "'title':'標題 one','duration':120.5,'coverUrl':'https://img.example.com/c.jpg','status':'Normal'},"
				+ "'requestId':'25818875-5F78-4A13-BEF6-D7393642CA58'}"));
	}

	@Test
	void playAuthAnswerWithoutMetadataWritesNull() {
		PlayAuthAnswer answer = new PlayAuthAnswer(VIDEO, "token", EXPIRES, null, "r");

		assertThat(text(answer.encode())).isEqualTo(json("{'videoId':'93ab850b4f6f44eab54b6e91d24d81d4',"
				+ "'playAuth':'token','expiresAt':'2026-11-29T10:49:30Z','videoMeta':null,'requestId':'r'}"));
	}

	@Test
	void durationsKeepTheirFloatForm() {
		assertThat(text(meta(1.0E10f))).contains("\"duration\":1.0E10,");
		assertThat(text(meta(0.1f))).contains("\"duration\":0.1,");
		assertThat(text(meta(Float.NaN))).contains("\"duration\":null,");
	}

	@Test
	void playInfoAnswerKeepsItsBytes() {
		PlayInfoAnswer.VideoBase base = new PlayInfoAnswer.VideoBase("t", new BigDecimal("3.1667"), null, "Normal",
				"video", "2017-06-26T06:38:48Z", "cdn");
		String url = "https://vod.example.com/x.m3u8?auth_key=1-0-0-abc&a=b";
		PlayInfoAnswer.PlayInfo stream = new PlayInfoAnswer.PlayInfo(url, "LD", "m3u8", new BigDecimal("450.878"),
				640L, 360L, 418112L, null, new BigDecimal("1E+3"), 0L, "video", "Normal");
		PlayInfoAnswer.PlayInfo empty = new PlayInfoAnswer.PlayInfo(null, null, null, null, null, null, null, null,
				null, null, null, null);
		PlayInfoAnswer answer = new PlayInfoAnswer(VIDEO, EXPIRES, base, List.of(stream, empty), "req-2");

		assertThat(text(answer.encode())).isEqualTo(json("{'videoId':'93ab850b4f6f44eab54b6e91d24d81d4',"
				+ "'expiresAt':'2026-11-29T10:49:30Z','videoBase':{'title':'t','duration':3.1667,'coverUrl':null,"
				+ "'status':'Normal','mediaType':'video','creationTime':'2017-06-26T06:38:48Z','outputType':'cdn'},"
				+ "'playInfos':[{'playUrl':'https://vod.example.com/x.m3u8?auth_key=1-0-0-abc&a=b','definition':'LD',"
				+ "'format':'m3u8','bitrate':450.878,'width':640,'height':360,'size':418112,'duration':null,"
				+ "'fps':1E+3,'encrypt':0,'streamType':'video','status':'Normal'},{'playUrl':null,'definition':null,"
				+ "'format':null,'bitrate':null,'width':null,'height':null,'size':null,'duration':null,'fps':null,"
				+ "'encrypt':null,'streamType':null,'status':null}],'requestId':'req-2'}"));
	}

	@Test
	void playInfoTemplateReassemblesTheAnswerByteForByteWithOtherUrlsAndExpiry() {
		PlayInfoAnswer.VideoBase base = new PlayInfoAnswer.VideoBase("t\u00e9\"", new BigDecimal("3.1667"), null,
				"Normal", "video", "2017-06-26T06:38:48Z", "cdn");
		PlayInfoAnswer.PlayInfo ld = new PlayInfoAnswer.PlayInfo("https://vod.example.com/ld.m3u8?auth_key=1-0-0-a",
				"LD", "m3u8", new BigDecimal("450.878"), 640L, 360L, 418112L, null, new BigDecimal("1E+3"), 0L, "video",
				"Normal");
		PlayInfoAnswer.PlayInfo hd = new PlayInfoAnswer.PlayInfo("https://vod.example.com/hd.mp4?auth_key=1-0-0-b",
				"HD", "mp4", new BigDecimal("1200.5"), 1280L, 720L, 9L, new BigDecimal("9.0464"), null, 1L, "video",
				"Normal");
		byte[] original = new PlayInfoAnswer(VIDEO, EXPIRES, base, List.of(ld, hd), "req-3").encode();
		Instant later = EXPIRES.plusSeconds(600);
		PlayInfoAnswer.PlayInfo hdSigned = new PlayInfoAnswer.PlayInfo("https://vod.example.com/hd.mp4?auth_key=9-r-0-c",
				"HD", "mp4", new BigDecimal("1200.5"), 1280L, 720L, 9L, new BigDecimal("9.0464"), null, 1L, "video",
				"Normal");

		PlayInfoTemplate template = PlayInfoTemplate.read(original);
		byte[] same = template.encode(VIDEO, EXPIRES, template.streams(), List.of(ld.playUrl(), hd.playUrl()));
		byte[] other = template.encode(VIDEO, later, List.of(template.streams().get(1)), List.of(hdSigned.playUrl()));

		assertThat(text(same)).isEqualTo(text(original));
		assertThat(text(other)).isEqualTo(text(new PlayInfoAnswer(VIDEO, later, base, List.of(hdSigned), "req-3")
			.encode()));
		assertThat(template.streams()).extracting(PlayInfoTemplate.Stream::format).containsExactly("m3u8", "mp4");
		assertThat(template.streams()).extracting(PlayInfoTemplate.Stream::definition).containsExactly("ld", "hd");
	}

	@Test
	void playInfoAnswerWithoutBaseOrStreams() {
		PlayInfoAnswer answer = new PlayInfoAnswer(VIDEO, EXPIRES, null, List.of(), "req-2");

		assertThat(text(answer.encode())).isEqualTo(json("{'videoId':'93ab850b4f6f44eab54b6e91d24d81d4',"
				+ "'expiresAt':'2026-11-29T10:49:30Z','videoBase':null,'playInfos':[],'requestId':'req-2'}"));
	}

	@Test
	void problemDocumentKeepsItsBytes() {
		Problem problem = Problem.of(ProblemCode.UPSTREAM_BUSY, "the upstream budget is spent",
				"/v1/videos/x/play-auth");

		assertThat(text(problem.encode())).isEqualTo(json("{'type':'/problems/upstream-busy','title':'Upstream busy',"
				+ "'status':503,'code':'UPSTREAM_BUSY','detail':'the upstream budget is spent',"
				+ "'instance':'/v1/videos/x/play-auth'}"));
	}

	@Test
	void batchAnswerKeepsItsBytes() {
		byte[] served = new PlayAuthAnswer(VIDEO, "token", EXPIRES, null, "r").encode();
		byte[] refused = new Problem(ProblemCode.INVALID_VIDEO_ID, "bad id", "/v1/play-auth/batch", "abc").encode();

		assertThat(text(BatchAnswer.encode(List.of(served, refused)))).isEqualTo(json("{'items':[{'videoId':"
				+ "'93ab850b4f6f44eab54b6e91d24d81d4','playAuth':'token','expiresAt':'2026-11-29T10:49:30Z',"
				+ "'videoMeta':null,'requestId':'r'},{'type':'/problems/invalid-video-id','title':'Invalid video id',"
				+ "'status':400,'code':'INVALID_VIDEO_ID','detail':'bad id','instance':'/v1/play-auth/batch',"
				+ "'videoId':'abc'}]}"));
	}

	@Test
	void quotesBackslashesControlCharactersAndNonAsciiAreEscapedAsBefore() {
		PlayAuthAnswer answer = new PlayAuthAnswer(VIDEO, "a\"b\\c/d", EXPIRES,
				new PlayAuthAnswer.VideoMeta("標題 \"q\" tab\there \u0001\u001f \uD83D\uDE00", 1f, null, null), "r");
		Problem problem = new Problem(ProblemCode.INVALID_VIDEO_ID, "32 \"chars\" \\ / é 標", "/v1/b", "abc\"d");

		assertThat(text(answer.encode())).contains("\"playAuth\":\"a\\\"b\\\\c/d\"",
				"\"title\":\"標題 \\\"q\\\" tab\\there \\u0001\\u001F \uD83D\uDE00\"");
		assertThat(text(problem.encode())).contains("\"detail\":\"32 \\\"chars\\\" \\\\ / é 標\"",
				"\"videoId\":\"abc\\\"d\"");
	}

	@Test
	void everyProblemCodeKeepsItsStatusTitleAndType() {
		StringBuilder sent = new StringBuilder();
		for (ProblemCode code : ProblemCode.values()) {
			sent.append(Problem.status(code)).append(' ').append(Problem.title(code)).append(' ')
				.append(Problem.type(code)).append('\n');
		}

		assertThat(sent).hasToString("""
				400 Invalid video id /problems/invalid-video-id
				400 Invalid parameter /problems/invalid-parameter
				401 Unauthenticated /problems/unauthenticated
				403 Video not allowed /problems/video-not-allowed
				403 Callback refused /problems/callback-refused
				403 Video not playable /problems/video-not-playable
				404 Video not found /problems/video-not-found
				404 No stream /problems/no-stream
				404 Not found /problems/not-found
				400 Bad request /problems/bad-request
				414 URI too long /problems/uri-too-long
				431 Request header fields too large /problems/headers-too-large
				408 Request timeout /problems/request-timeout
				405 Method not allowed /problems/method-not-allowed
				415 Unsupported media type /problems/unsupported-media-type
				429 Client rate limited /problems/client-rate-limited
				500 Internal error /problems/internal-error
				502 Upstream misconfigured /problems/upstream-misconfigured
				503 Upstream busy /problems/upstream-busy
				504 Upstream timeout /problems/upstream-timeout
				""");
	}

	private static byte[] meta(float duration) {
		return new PlayAuthAnswer(VIDEO, "t", EXPIRES, new PlayAuthAnswer.VideoMeta("x", duration, null, null), "r")
			.encode();
	}

	private static String text(byte[] body) {
		return new String(body, StandardCharsets.UTF_8);
	}

	private static String json(String apostrophed) {
		return apostrophed.replace('\'', '"');
	}
}
