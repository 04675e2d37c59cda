package dev.playgate.gateway.purge;

import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.VideoId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class VideoGenerationsTest {

	private final VideoGenerations generations = new VideoGenerations();

	private final VideoId video = new VideoId("0123456789abcdef0123456789abcdef");

	@Test
	void stampStaysCurrentUntilTheVideoIsPurged() {
		VideoGenerations.Stamp stamp = generations.stamp(video);
		assertThat(generations.isCurrent(stamp)).isTrue();
		generations.advance(video);
		assertThat(generations.isCurrent(stamp)).isFalse();
		assertThat(generations.isCurrent(generations.stamp(video))).isTrue();
	}

	@Test
	void stampOfAKeyIsFencedByAPurgeOfItsVideo() {
		CredentialKey key = CredentialKey.of(Action.PLAY_INFO, video, Map.of("Formats", "mp4"));
		VideoGenerations.Stamp stamp = generations.stamp(key);
		assertThat(generations.isCurrent(stamp)).isTrue();
		generations.advance(video);
		assertThat(generations.isCurrent(stamp)).isFalse();
	}

	@Test
	void purgeOfEverythingMakesEveryStampStale() {
		VideoGenerations.Stamp stamp = generations.stamp(video);
		generations.advanceAll();
		assertThat(generations.isCurrent(stamp)).isFalse();
	}

	@Test
	void purgeOfAnotherVideoLeavesMostStampsCurrent() {
		int stale = 0;
		for (int i = 0; i < 1000; i++) {
			VideoId other = new VideoId(String.format("%032d", i));
			VideoGenerations.Stamp stamp = generations.stamp(other);
			generations.advance(video);
			stale += generations.isCurrent(stamp) ? 0 : 1;
		}
		// only videos sharing the purged video's stripe are fenced too
		assertThat(stale).isLessThan(10);
	}
}
