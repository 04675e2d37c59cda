package dev.playgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import dev.playgate.emulator.CallbackSender.Delivery;
import dev.playgate.emulator.CallbackSender.Target;
import reactor.core.publisher.Mono;

/**
 * Changes to videos after upload, and the event VOD sends for each: a review result ({@code CreateAuditComplete},
 * status {@code Normal} or {@code Blocked}), a deletion ({@code DeleteMediaComplete}), a finished transcode that gives
 * a stream-less video its streams ({@code TranscodeComplete}), a new title ({@code MediaBaseChangeComplete}). The
 * change is in effect before the event is sent, as at VOD: a gateway that asks again on the event gets the new truth.
 * Each blocking method answers the callback's last HTTP status (-1 when callbacks are off, 0 when nobody answered).
 */
public final class VideoLifecycle {

	private static final Duration LONGEST_DELIVERY = Duration
		.ofSeconds((long) CallbackSender.ATTEMPTS * (CallbackSender.WAIT_SECONDS + 1) + 1);

	private final VideoStates states;
	private final Catalogue catalogue;
	private final CallbackSender sender;
	private final Clock clock;

	VideoLifecycle(VideoStates states, Catalogue catalogue, CallbackSender sender, Clock clock) {
		this.states = states;
		this.catalogue = catalogue;
		this.sender = sender;
		this.clock = clock;
	}

	/** Sends every later event to {@code url}, signed with {@code key} (VOD's AuthKey). */
	public void callbackTo(String url, String key) {
		sender.target(new Target(url, key));
	}

	/** Stops sending events. */
	public void noCallbacks() {
		sender.target(null);
	}

	/** Sets the video's review status ({@code Normal}, {@code Blocked}, ...) and sends CreateAuditComplete. */
	public int review(String id, String status) {
		return block(reviewed(id, status));
	}

	/** Deletes the video and sends DeleteMediaComplete. */
	public int delete(String id) {
		return block(deleted(id));
	}

	/** Gives the video its streams and sends TranscodeComplete. */
	public int addStreams(String id) {
		return block(transcoded(id));
	}

	/** Changes the video's title and sends MediaBaseChangeComplete. */
	public int retitle(String id, String title) {
		return block(retitled(id, title));
	}

	Mono<Delivery> reviewed(String id, String status) {
		requireId(id);
		states.status(id, status);
		return sender.send(event("CreateAuditComplete").field("MediaId", id).field("MediaType", "video")
			.field("AuditStatus", status).field("Status", "success").endObject().toString());
	}

	Mono<Delivery> deleted(String id) {
		requireId(id);
		states.delete(id);
		return sender.send(event("DeleteMediaComplete").field("MediaId", id).field("MediaType", "video")
			.field("DeleteType", "all").field("Status", "success").endObject().toString());
	}

	Mono<Delivery> transcoded(String id) {
		requireId(id);
		states.addStreams(id);
		catalogue.refresh(id);
		return sender.send(event("TranscodeComplete").field("VideoId", id).field("Status", "success")
			.beginArray("StreamInfos").endArray().endObject().toString());
	}

	Mono<Delivery> retitled(String id, String title) {
		requireId(id);
		states.title(id, title);
		return sender.send(event("MediaBaseChangeComplete").field("MediaId", id).field("OperateMode", "update")
			.field("Status", "success").endObject().toString());
	}

	/** The video's current state as JSON, for the admin API. */
	String describe(String id) {
		requireId(id);
		Video video = catalogue.find(id);
		JsonWriter out = new JsonWriter(256).beginObject().field("videoId", id).field("exists", video != null);
		if (video != null) {
			out.field("status", video.status()).field("title", video.title()).field("streams", video.streams().size());
		}
		return out.endObject().toString();
	}

	private JsonWriter event(String type) {
		return new JsonWriter(512).beginObject()
			.field("EventTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
			.field("EventType", type);
	}

	private static void requireId(String id) {
		if (!Catalogue.isWellFormed(id)) {
			throw new IllegalArgumentException("a video id is 32 characters of [0-9a-zA-Z]: " + id);
		}
	}

	private static int block(Mono<Delivery> delivery) {
		Delivery done = delivery.block(LONGEST_DELIVERY);
		return done == null ? 0 : done.status();
	}
}
