package dev.playgate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.redis.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code local-sign} with the catalogue-events receiver, end to end: a takedown at VOD, told to
 * {@code POST /v1/vod/events} (by the emulator itself, as VOD does, or by a hand-signed callback), stops signing the
 * video's cached catalogue at once; the next request asks VOD, which refuses.
 */
final class LocalSignTakedownTest {

	private static final String CDN_KEY = "takedownCdnKey26";

	private static final String EVENTS_KEY = "takedownKey7";

	private static VodEmulator emulator;

	private static RunningGateway gateway;

	private static String callbackUrl;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0), CdnOptions.defaults().withKey(CDN_KEY));
		int port = RedisProcess.freePort();
		callbackUrl = "http://127.0.0.1:" + port + "/v1/vod/events";
		Map<String, Object> properties = localSign();
		properties.put("server.port", port);
		properties.put("playgate.events.callback-url", callbackUrl);
		properties.put("playgate.events.auth-key", EVENTS_KEY);
		gateway = RunningGateway.start(emulator, properties);
		emulator.videos().callbackTo(callbackUrl, EVENTS_KEY);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@AfterEach
	void callbacksBackOn() {
		emulator.videos().callbackTo(callbackUrl, EVENTS_KEY);
	}

	@Test
	void blockedReviewCallbackFromTheEmulatorStopsSigningAtOnce() {
		String video = signedVideo("block");

		assertThat(emulator.videos().review(video, "Blocked")).as("the gateway's answer to VOD's callback")
			.isEqualTo(200);
		Answer after = get(video);

		assertThat(after.status()).isEqualTo(403);
		assertThat(after.body()).contains("\"code\":\"VIDEO_NOT_PLAYABLE\"").doesNotContain("playUrl");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(2);
	}

	@Test
	void deletionCallbackFromTheEmulatorStopsSigningAtOnce() {
		String video = signedVideo("delete");

		assertThat(emulator.videos().delete(video)).isEqualTo(200);
		Answer after = get(video);

		assertThat(after.status()).isEqualTo(404);
		assertThat(after.body()).contains("\"code\":\"VIDEO_NOT_FOUND\"").doesNotContain("playUrl");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(2);
	}

	@Test
	void handSignedBlockedCallbackStopsSigningAtOnce() {
		String video = signedVideo("handsigned");
		emulator.videos().noCallbacks();
		assertThat(emulator.videos().review(video, "Blocked")).as("callbacks off").isEqualTo(-1);
		assertThat(get(video).header("X-Cache")).as("no event yet: the cached catalogue is still signed")
			.isEqualTo("SIGNED");

		Answer event = callback("{\"EventType\":\"CreateAuditComplete\",\"MediaId\":\"" + video
				+ "\",\"AuditStatus\":\"Blocked\",\"Status\":\"success\"}");
		Answer after = get(video);

		assertThat(event.status()).isEqualTo(200);
		assertThat(after.status()).isEqualTo(403);
		assertThat(after.body()).contains("\"code\":\"VIDEO_NOT_PLAYABLE\"").doesNotContain("playUrl");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(2);
	}

	@Test
	void handSignedDeletionCallbackStopsSigningAtOnce() {
		String video = signedVideo("handdelete");
		emulator.videos().noCallbacks();
		emulator.videos().delete(video);

		Answer event = callback("{\"EventType\":\"DeleteMediaComplete\",\"MediaId\":\"" + video
				+ "\",\"DeleteType\":\"all\",\"Status\":\"success\"}");
		Answer after = get(video);

		assertThat(event.status()).isEqualTo(200);
		assertThat(after.status()).isEqualTo(404);
		assertThat(after.body()).contains("\"code\":\"VIDEO_NOT_FOUND\"").doesNotContain("playUrl");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(2);
	}

	private static Map<String, Object> localSign() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("playgate.play-info.mode", "local-sign");
		properties.put("playgate.play-info.url-signing.key", CDN_KEY);
		return properties;
	}

	/** A video whose catalogue the gateway holds and signs from: a MISS, then SIGNED, one GetPlayInfo. */
	private static String signedVideo(String tag) {
		String video = LocalSignModeTest.video(tag);
		assertThat(get(video).header("X-Cache")).isEqualTo("MISS");
		assertThat(get(video).header("X-Cache")).isEqualTo("SIGNED");
		assertThat(emulator.stats().callsForVideo(video)).isEqualTo(1);
		return video;
	}

	private static Answer get(String video) {
		return Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-info");
	}

	private static Answer callback(String body) {
		return VodCallbacks.signed(gateway.baseUrl(), callbackUrl, EVENTS_KEY, body);
	}
}
