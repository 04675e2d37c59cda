package dev.playgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class VodEventsTest {

	private static final String URL = "http://playgate.example/v1/vod/events";

	private static final Clock AT = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

	private static final Traffic PLAYERS = Traffic.of(Traffic.single(7), new Mix(0, 0, "", ""), 1);

	@Test
	void signatureIsMd5HexOfUrlTimestampAndKey() {
		// md5("http://playgate.example/v1/vod/events|1700000000|AuthKey123"), computed independently
		assertThat(VodEvents.signature(URL, "1700000000", "AuthKey123")).isEqualTo("663ccb01d4cfc83f416f7263450bc271");
	}

	@Test
	void everyRecordIsAnEventWhenTheShareIsOneAndCostsNoLookup() {
		VodEvents events = new VodEvents(PLAYERS, Traffic.single(3), 1.0, URL, "AuthKey123", AT, 1);
		Map<String, Object> event = events.next();
		assertThat(event).containsEntry("op", "vod-event").containsEntry("path", "/v1/vod/events")
			.containsEntry("timestamp", "1700000000").containsEntry("lookups", 0).containsEntry("expect", 200)
			.containsEntry("signature", VodEvents.signature(URL, "1700000000", "AuthKey123"));
		assertThat((String) event.get("body")).contains("\"EventType\":\"TranscodeComplete\"")
			.contains(VideoIds.playable(3));
	}

	@Test
	void noEventsWhenTheShareIsZero() {
		VodEvents events = new VodEvents(PLAYERS, Traffic.single(3), 0.0, URL, "AuthKey123", AT, 1);
		for (int i = 0; i < 100; i++) {
			assertThat(events.next()).containsEntry("op", "play-auth");
		}
	}
}
