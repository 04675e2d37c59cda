package dev.playgate.emulator;

import java.time.Duration;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class StatsTest {

	private static final String HOT = "HOT00000000000000000000000000000";
	private static final String COLD = "COLD0000000000000000000000000000";

	@RegisterExtension
	static final EmulatorUnderTest running = EmulatorUnderTest
		.withMovableClock(options -> options.withMaxTrackedVideos(3));

	private static final DefaultAcsClient client = Sdk.client("testAk", "testSecret");

	@Test
	void peakCountsTheBusiestOneSecondWindowToTheMillisecond() throws ClientException {
		call(HOT);
		running.clock().advance(Duration.ofMillis(999));
		call(HOT);
		call(HOT);
		running.clock().advance(Duration.ofMillis(1));
		call(HOT);

		assertThat(running.emulator().stats().peakCallsPerSecond("GetPlayInfo")).as("t+1..t+1000 holds 3").isEqualTo(3);
		assertThat(running.emulator().stats().peakCallsPerSecond("GetVideoPlayAuth")).isZero();
	}

	@Test
	void callsOneSecondApartNeverShareAWindow() throws ClientException {
		for (int i = 0; i < 3; i++) {
			call(HOT);
			running.clock().advance(Duration.ofSeconds(1));
		}

		assertThat(running.emulator().stats().peakCallsPerSecond("GetPlayInfo")).isEqualTo(1);
	}

	@Test
	void callsAreCountedPerActionOutcomeAndVideo() throws ClientException {
		call(HOT);
		call(HOT);
		call(COLD);
		call("NOTFOUND000000000000000000000000");
		GetVideoPlayAuthRequest playAuth = Sdk.at(running.emulator(), new GetVideoPlayAuthRequest());
		playAuth.setVideoId(HOT);
		client.getAcsResponse(playAuth);

		Stats stats = running.emulator().stats();
		assertThat(stats.totalCalls()).isEqualTo(5);
		assertThat(stats.calls("GetPlayInfo")).isEqualTo(4);
		assertThat(stats.calls("GetPlayInfo", "OK")).isEqualTo(3);
		assertThat(stats.calls("GetPlayInfo", "InvalidVideo.NotFound")).isEqualTo(1);
		assertThat(stats.callsForVideo(HOT)).isEqualTo(3);
		assertThat(stats.callsForVideo(COLD)).isEqualTo(1);
		assertThat(stats.distinctVideos()).isEqualTo(3);
		assertThat(stats.topVideos(1)).singleElement().satisfies(top -> assertThat(top.getKey()).isEqualTo(HOT));
		assertThat(stats.rejected()).isZero();
	}

	@Test
	void videosBeyondTheTrackingBoundAreCountedAsUntracked() throws ClientException {
		for (int i = 0; i < 5; i++) {
			call(String.format("%032d", i));
		}

		assertThat(running.emulator().stats().distinctVideos()).isEqualTo(3);
		assertThat(running.emulator().stats().untrackedVideoCalls()).isEqualTo(2);
	}

	@Test
	void resetClearsEveryCounter() throws ClientException {
		call(HOT);
		catchThrowableOfType(ClientException.class, () -> Sdk.client("testAk", "bad").getAcsResponse(request(HOT)));

		running.emulator().reset();

		Stats stats = running.emulator().stats();
		assertThat(stats.totalCalls()).isZero();
		assertThat(stats.rejected()).isZero();
		assertThat(stats.peakCallsPerSecond("GetPlayInfo")).isZero();
		assertThat(stats.distinctVideos()).isZero();
	}

	@Test
	void topVideosAreRankedByCallsThenId() {
		Stats stats = new Stats(0, 0, 0, 0, java.util.Map.of(), java.util.Map.of("b", 5L, "a", 5L, "c", 9L, "d", 1L));

		assertThat(stats.topVideos(3)).extracting(java.util.Map.Entry::getKey).containsExactly("c", "a", "b");
		assertThat(stats.topVideos(0)).isEmpty();
		assertThat(stats.topVideos(10)).hasSize(4);
	}

	@Test
	void snapshotsAreImmutable() throws ClientException {
		Stats before = running.emulator().stats();

		call(HOT);

		assertThat(before.totalCalls()).isZero();
		assertThat(running.emulator().stats().totalCalls()).isEqualTo(1);
	}

	private static void call(String videoId) throws ClientException {
		try {
			client.getAcsResponse(request(videoId));
		}
		catch (ClientException ex) {
			if (!videoId.startsWith("NOTFOUND")) {
				throw ex;
			}
		}
	}

	private static GetPlayInfoRequest request(String videoId) {
		GetPlayInfoRequest request = Sdk.at(running.emulator(), new GetPlayInfoRequest());
		request.setVideoId(videoId);
		return request;
	}
}
