package dev.playgate.gateway.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.purge.FleetPurge;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

final class EventReceiverTest {

	private static final String URL = "https://gw.example.com/v1/vod/events";

	private static final String VIDEO = "0123456789abcdef0123456789abcdef";

	private final FakeTime time = FakeTime.startingAt(Instant.ofEpochSecond(1_800_000_000L));

	private final List<VideoId> purged = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final EventReceiver receiver = new EventReceiver(EventsProperties.of(URL, "key1"),
			FleetPurge.local(List.of(new Recording()), registry, time), JsonMapper.builder().build(), time, time,
			new EventMetrics(registry));

	private final String timestamp = Long.toString(time.instant().getEpochSecond());

	private final String signature = CallbackSignature.of(URL, timestamp, "key1");

	private EventReceiver.Receipt receive(String json) {
		return receiver.receive(timestamp, signature, json.getBytes(StandardCharsets.UTF_8)).block();
	}

	@Test
	void takedownNamedByMediaIdPurgesTheVideo() {
		assertThat(receive("{\"EventType\":\"CreateAuditComplete\",\"MediaId\":\"" + VIDEO
				+ "\",\"AuditStatus\":\"Blocked\"}").outcome()).isEqualTo("accepted");
		assertThat(purged).containsExactly(new VideoId(VIDEO));
		assertThat(count("CreateAuditComplete", "accepted")).isEqualTo(1);
	}

	@Test
	void everyEventThatChangesWhatAPlayerGetsPurges() {
		for (String type : VodEvent.PURGING) {
			String other = VIDEO.substring(0, 24) + String.format("%08d", purged.size());
			receive("{\"EventType\":\"" + type + "\",\"VideoId\":\"" + other + "\",\"Status\":\"success\"}");
		}
		assertThat(purged).hasSize(VodEvent.PURGING.size());
	}

	@Test
	void identicalReplayChangesNothingMore() {
		String body = "{\"EventType\":\"TranscodeComplete\",\"VideoId\":\"" + VIDEO + "\"}";
		receive(body);
		assertThat(receive(body)).isEqualTo(new EventReceiver.Receipt("ignored", "replayed"));
		assertThat(purged).hasSize(1);
	}

	@Test
	void secondEventOfTheSameSecondIsActedOn() {
		receive("{\"EventType\":\"TranscodeComplete\",\"VideoId\":\"" + VIDEO + "\"}");
		receive("{\"EventType\":\"TranscodeComplete\",\"VideoId\":\"" + VIDEO.toUpperCase() + "\"}");
		assertThat(purged).hasSize(2);
	}

	@Test
	void unknownAndHarmlessEventTypesAreIgnoredAndCounted() {
		assertThat(receive("{\"EventType\":\"SnapshotComplete\",\"VideoId\":\"" + VIDEO + "\"}").outcome())
			.isEqualTo("ignored");
		assertThat(receive("{\"EventType\":\"SomethingNew\",\"VideoId\":\"" + VIDEO + "\"}").outcome())
			.isEqualTo("ignored");
		assertThat(purged).isEmpty();
		assertThat(count("SnapshotComplete", "ignored")).isEqualTo(1);
		assertThat(count("other", "ignored")).isEqualTo(1);
	}

	@Test
	void eventNamingNoWellFormedVideoIsIgnored() {
		assertThat(receive("{\"EventType\":\"DeleteMediaComplete\",\"MediaId\":\"../etc\"}").detail())
			.isEqualTo("no-video");
		assertThat(purged).isEmpty();
	}

	@Test
	void bodyThatIsNotAnEventIsMalformed() {
		assertThat(receive("not json").isMalformed()).isTrue();
		assertThat(receive("[1,2]").isMalformed()).isTrue();
		assertThat(receive("{\"EventType\":7}").isMalformed()).isTrue();
		assertThat(purged).isEmpty();
	}

	@Test
	void refusedCallbackIsCountedWithItsReason() {
		assertThat(receiver.authenticate(timestamp, CallbackSignature.of(URL, timestamp, "key2"))).isNotNull();
		assertThat(registry.find("playgate.events").tag("outcome", "refused").tag("reason", "forged").counter()
			.count()).isEqualTo(1);
	}

	private double count(String type, String outcome) {
		return registry.find("playgate.events").tag("type", type).tag("outcome", outcome).counters().stream()
			.mapToDouble(c -> c.count())
			.sum();
	}

	/** Records what it is asked to purge. */
	private final class Recording implements VideoPurgeable {

		@Override
		public void purge(VideoId videoId) {
			purged.add(videoId);
		}

		@Override
		public void purgeAll() {
			throw new AssertionError("not expected");
		}
	}
}
