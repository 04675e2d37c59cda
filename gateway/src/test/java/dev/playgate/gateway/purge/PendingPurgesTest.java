package dev.playgate.gateway.purge;

import dev.playgate.gateway.credential.VideoId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class PendingPurgesTest {

	private final PendingPurges pending = new PendingPurges(2);

	@Test
	void videosArePublishedInOrderOnceEach() {
		VideoId first = PurgeStreamTest.fresh();
		VideoId second = PurgeStreamTest.fresh();
		pending.add(first);
		pending.add(second);
		pending.add(first);
		assertThat(pending.snapshot()).extracting(PendingPurges.Pending::videoId).containsExactly(first, second);
		pending.published(pending.snapshot().get(0));
		assertThat(pending.size()).isEqualTo(1);
	}

	@Test
	void overflowBecomesOneDropOfEverything() {
		for (int i = 0; i < 3; i++) {
			pending.add(PurgeStreamTest.fresh());
		}
		assertThat(pending.snapshot()).singleElement().satisfies(item -> assertThat(item.videoId()).isNull());
		pending.published(pending.snapshot().get(0));
		assertThat(pending.size()).isZero();
	}
}
