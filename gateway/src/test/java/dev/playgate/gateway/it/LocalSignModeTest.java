package dev.playgate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.time.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code playgate.play-info.mode=local-sign} end to end, once per URL signing type (A, B, C): the real SDK against
 * the emulator, whose play URLs are signed with the CDN key and type and checked at its CDN edge; the gateway
 * configured with the same key and type; gateway and emulator share one fake clock.
 */
@ParameterizedClass(name = "type {0}")
@EnumSource(SignedUrlForm.class)
final class LocalSignModeTest {

	private static final String KEY = "localSignKey2026";
	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final HttpClient EDGE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static FakeTime time;
	private static VodEmulator emulator;
	private static RunningGateway gateway;

	private final SignedUrlForm form;

	LocalSignModeTest(SignedUrlForm form) {
		this.form = form;
	}

	@BeforeParameterizedClassInvocation
	static void start(SignedUrlForm form) {
		time = FakeTime.startingAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withClock(time),
				CdnOptions.defaults().withKey(KEY).withAuthType(form.authType()));
		gateway = RunningGateway.start(emulator, Map.of("playgate.play-info.mode", "local-sign",
				"playgate.play-info.url-signing.key", KEY, "playgate.play-info.url-signing.type", form.name()), time);
	}

	@AfterParameterizedClassInvocation
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@AfterEach
	void clearFaults() {
		emulator.faults().clear();
	}

	@Test
	void manyViewersOverSeveralTimeoutsAndFormatSpellingsCostOneGetPlayInfo() {
		String video = video("many");
		String[] queries = { "", "?authTimeout=60", "?authTimeout=600&formats=mp4", "?formats=MP4,m3u8",
			"?formats=%20m3u8%20,%20mp4&authTimeout=7200", "?formats=m3u8,mp4,m3u8&definition=hd",
			"?streamType=audio&authTimeout=1800" };

		List<Answer> answers = Load.concurrently(gateway.baseUrl(), 140,
				i -> "/v1/videos/" + video + "/play-info" + queries[i % queries.length]);

		assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(1);
		assertThat(answers).extracting(answer -> answer.header("X-Cache"))
			.isSubsetOf("MISS", "COALESCED", "SIGNED")
			.containsOnlyOnce("MISS");
		List<String> urls = new ArrayList<>();
		answers.forEach(answer -> urls.addAll(playUrls(answer)));
		if (form.hasRand()) {
			assertThat(new HashSet<>(urls)).as("every viewer gets URLs of its own").hasSize(urls.size());
		}
		for (String url : new HashSet<>(urls)) {
			assertThat(atEdge(url).statusCode()).as(url).isEqualTo(200);
		}
	}

	@Test
	void twoViewersGetDifferentUrlsWhereTheTypeHasARandAndOtherwiseAtTheNextTimestamp() {
		String video = video("twoviewers");
		List<String> first = playUrls(get(video, "?formats=mp4&authTimeout=600"));
		List<String> second = playUrls(get(video, "?formats=mp4&authTimeout=600"));
		time.advance(form.resolution());
		List<String> later = playUrls(get(video, "?formats=mp4&authTimeout=600"));

		if (form.hasRand()) {
			assertThat(second).doesNotContainAnyElementsOf(first);
		}
		else {
			// types B and C sign only the path and the timestamp: no place for a per-viewer part
			assertThat(second).isEqualTo(first);
		}
		assertThat(later).doesNotContainAnyElementsOf(first);
		for (List<String> urls : List.of(first, second, later)) {
			assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(atEdge(url).statusCode()).as(url)
				.isEqualTo(200));
		}
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(1);
	}

	@Test
	void formatsDefinitionAndStreamTypeAreFilteredFromTheCatalogue() {
		String video = video("filter");

		JsonNode mp4 = body(get(video, "?formats=mp4"));
		JsonNode hd = body(get(video, "?definition=HD&formats=m3u8"));
		JsonNode audio = body(get(video, "?streamType=audio"));

		assertThat(mp4.get("playInfos")).isNotEmpty().allSatisfy(info -> assertThat(info.get("format").asString())
			.isEqualTo("mp4"));
		assertThat(hd.get("playInfos")).singleElement().satisfies(info -> {
			assertThat(info.get("definition").asString()).isEqualTo("HD");
			assertThat(info.get("format").asString()).isEqualTo("m3u8");
			assertThat(info.get("width").asLong()).isEqualTo(1280);
		});
		assertThat(audio.get("playInfos")).singleElement()
			.satisfies(info -> assertThat(info.get("streamType").asString()).isEqualTo("audio"));
		assertThat(mp4.get("videoBase").get("status").asString()).isEqualTo("Normal");
		assertThat(mp4.get("requestId").asString()).isNotBlank();
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(1);
	}

	@Test
	void noMatchingStreamIsA404WithoutAnotherUpstreamCall() {
		String video = video("nostream");
		get(video, "");

		Answer none = get(video, "?definition=4K");

		assertThat(none.status()).isEqualTo(404);
		assertThat(none.body()).contains("\"code\":\"NO_STREAM\"");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(1);
	}

	@Test
	void expiresAtAndCacheControlFollowTheSignedValidity() {
		Answer answer = get(video("expiry"), "?authTimeout=600");

		Instant expiresAt = Instant.parse(body(answer).get("expiresAt").asString());
		assertThat(expiresAt).isEqualTo(time.instant().plusSeconds(600 - 30).truncatedTo(ChronoUnit.SECONDS));
		assertThat(answer.header("Cache-Control")).isEqualTo("private, max-age=570");
		String url = playUrls(answer).get(0);
		Instant signedFor = time.instant().plusSeconds(600);
		assertThat(form.timestamp(url)).isBetween(signedFor, signedFor.plus(form.resolution()).minusNanos(1));
		if (form == SignedUrlForm.A) {
			String authKey = url.substring(url.indexOf("auth_key=") + "auth_key=".length());
			assertThat(authKey.split("-")[1]).matches("[0-9a-f]{32}");
			assertThat(authKey.split("-")[2]).isEqualTo("0");
		}
	}

	@Test
	void tamperedAndExpiredUrlsAreRefusedAtTheEdge() {
		String url = playUrls(get(video("tamper"), "?authTimeout=60")).get(0);

		HttpResponse<String> tamperedPath = atEdge(SignedUrlForm.withOtherPath(url));
		HttpResponse<String> tamperedTimestamp = atEdge(form.withLaterTimestamp(url));
		HttpResponse<String> fresh = atEdge(url);
		time.advance(Duration.ofSeconds(60).plus(form.resolution()).plusSeconds(1));
		HttpResponse<String> expired = atEdge(url);

		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(tamperedPath.statusCode()).isEqualTo(403);
		assertThat(tamperedPath.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
				reason -> assertThat(reason).startsWith("denied by req auth: invalid md5hash="));
		assertThat(tamperedTimestamp.statusCode()).isEqualTo(403);
		assertThat(tamperedTimestamp.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
				reason -> assertThat(reason).startsWith("denied by req auth: invalid md5hash="));
		assertThat(expired.statusCode()).isEqualTo(403);
		assertThat(expired.headers().firstValue("X-Tengine-Error")).hasValueSatisfying(
				reason -> assertThat(reason).startsWith("denied by req auth: expired timestamp="));
	}

	@Test
	void purgeStopsSigningForTheVideoAtOnce() {
		String video = video("takedown");
		assertThat(get(video, "").header("X-Cache")).isEqualTo("MISS");
		assertThat(get(video, "").header("X-Cache")).isEqualTo("SIGNED");
		// the video is blocked at VOD: without a purge the cached catalogue would keep being signed
		emulator.faults().errorRate(1.0, "Forbidden.IllegalStatus");
		assertThat(get(video, "").header("X-Cache")).isEqualTo("SIGNED");

		gateway.context().getBeansOfType(VideoPurgeable.class).values().forEach(p -> p.purge(VideoId.parse(video)));
		Answer afterPurge = get(video, "");

		assertThat(afterPurge.status()).isEqualTo(403);
		assertThat(afterPurge.body()).contains("\"code\":\"VIDEO_NOT_PLAYABLE\"").doesNotContain("playUrl");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(2);
	}

	@Test
	void badParametersAreRefusedBeforeAnyCatalogueIsFetched() {
		String video = video("badinput");

		List<Answer> answers = List.of(get(video, "?authTimeout=0"), get(video, "?formats=avi"),
				get(video, "?authTimeout=60&minValidity=60"), get(video, "?resultType=all"),
				Load.get(gateway.baseUrl(), "/v1/videos/short/play-info"));

		assertThat(answers).allSatisfy(answer -> {
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		});
		assertThat(emulator.stats().callsForVideo(video)).isZero();
	}

	@Test
	void ossOutputIsAnsweredAsInUpstreamMode() {
		String video = video("oss");

		Answer first = get(video, "?outputType=oss");
		Answer second = get(video, "?outputType=oss");

		assertThat(first.header("X-Cache")).isEqualTo("MISS");
		assertThat(second.header("X-Cache")).isEqualTo("HIT");
		assertThat(playUrls(first).get(0)).contains("Expires=").doesNotContain("auth_key");
	}

	@Test
	void readinessShowsTheVerifiedKeyAndNeverTheKeyItself() {
		get(video("ready"), "");

		String readiness = gateway.management().get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		String prometheus = gateway.prometheus();

		assertThat(readiness).contains("\"urlSigning\"", "\"type\":\"" + form.name() + "\"", "\"key\":\"verified\"")
			.doesNotContain(KEY);
		assertThat(prometheus).contains("playgate_url_signing_key_verified", "outcome=\"signed\"")
			.doesNotContain(KEY);
	}

	static String video(String tag) {
		String id = "ls" + tag;
		return id + "0".repeat(31 - id.length()) + "1";
	}

	private static Answer get(String video, String query) {
		return Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-info" + query);
	}

	private static JsonNode body(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

	static List<String> playUrls(Answer answer) {
		List<String> urls = new ArrayList<>();
		body(answer).get("playInfos").forEach(info -> urls.add(info.get("playUrl").asString()));
		return urls;
	}

	static HttpResponse<String> atEdge(String playUrl) {
		return atEdge(emulator, playUrl);
	}

	static HttpResponse<String> atEdge(VodEmulator emulator, String playUrl) {
		URI uri = URI.create(playUrl);
		String edge = emulator.cdnEdge() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
		try {
			return EDGE.send(HttpRequest.newBuilder(URI.create(edge)).GET().build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
