package dev.playgate.gateway.events;

import java.time.Clock;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.events.CallbackVerifier.Verdict;
import dev.playgate.gateway.purge.FleetPurge;
import dev.playgate.gateway.purge.PurgeSource;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway does with a VOD callback, in two steps: {@link #authenticate} reads the headers only (a forged,
 * stale or future callback is refused before its body is read), then {@link #receive} reads the event. An event that
 * changes what a player may get for a video purges the video on every replica ({@link VodEvent#PURGING}); any other
 * authentic event, an event naming no video, and an identical replay within the window are ignored. Nothing here
 * waits for more than the purge's Redis commands, each bounded by {@code playgate.redis.command-timeout}, so VOD gets
 * its answer well within its 5 seconds, also while Redis is down (the purge then acts here and reaches the fleet once
 * Redis is back).
 */
public final class EventReceiver {

	private static final String UNVERIFIED = "unverified";

	private final EventsProperties properties;
	private final CallbackVerifier verifier;
	private final ReplayGuard replays;
	private final FleetPurge purge;
	private final JsonMapper json;
	private final EventMetrics metrics;

	EventReceiver(EventsProperties properties, FleetPurge purge, JsonMapper json, Clock clock, Ticker ticker,
			EventMetrics metrics) {
		this.properties = properties;
		this.verifier = new CallbackVerifier(properties, clock);
		this.replays = new ReplayGuard(properties, ticker);
		this.purge = purge;
		this.json = json;
		this.metrics = metrics;
	}

	/** Whether the receiver is on ({@code playgate.events.auth-key} is set). */
	public boolean isEnabled() {
		return properties.isEnabled();
	}

	/**
	 * Checks a callback's headers: {@code null} when VOD signed it within the window, else a client-safe reason for
	 * the 403 (counted as refused).
	 */
	public @Nullable String authenticate(@Nullable String timestamp, @Nullable String signature) {
		Verdict verdict = verifier.verify(timestamp, signature);
		if (verdict == Verdict.AUTHENTIC) {
			return null;
		}
		metrics.count(UNVERIFIED, "refused", verdict.name().toLowerCase(Locale.ROOT));
		return switch (verdict) {
			case MISSING -> "X-VOD-TIMESTAMP and X-VOD-SIGNATURE are required";
			case MALFORMED -> "X-VOD-TIMESTAMP must be Unix seconds and X-VOD-SIGNATURE 32 hex characters";
			case FORGED -> "X-VOD-SIGNATURE is not VOD's signature for this callback URL and timestamp";
			case STALE -> "X-VOD-TIMESTAMP is older than " + properties.maxAge().toSeconds() + " s";
			case FUTURE -> "X-VOD-TIMESTAMP is in the future";
			case AUTHENTIC -> throw new IllegalStateException("authentic callbacks are not refused");
		};
	}

	/** Acts on an authenticated callback's body. */
	public Mono<Receipt> receive(String timestamp, String signature, byte[] body) {
		VodEvent event;
		try {
			event = VodEvent.parse(json, body);
		}
		catch (VodEvent.MalformedEventException malformed) {
			metrics.count("other", "refused", "malformed");
			return Mono.just(Receipt.malformed(malformed.getMessage()));
		}
		if (!event.isPurging()) {
			return ignored(event, "not-purging");
		}
		if (event.videoId() == null) {
			return ignored(event, "no-video");
		}
		if (!replays.isFirst(timestamp, signature, body)) {
			return ignored(event, "replayed");
		}
		metrics.count(event.typeTag(), "accepted", "purged");
		return purge.purge(event.videoId(), PurgeSource.EVENT).thenReturn(Receipt.accepted());
	}

	private Mono<Receipt> ignored(VodEvent event, String reason) {
		metrics.count(event.typeTag(), "ignored", reason);
		return Mono.just(Receipt.ignored(reason));
	}

	/**
	 * The answer to an authenticated callback: {@code outcome} ({@code accepted}, {@code ignored} or
	 * {@code malformed}, which is a 400) and a short {@code detail}.
	 */
	public record Receipt(String outcome, String detail) {

		static Receipt accepted() {
			return new Receipt("accepted", "purged");
		}

		static Receipt ignored(String reason) {
			return new Receipt("ignored", reason);
		}

		static Receipt malformed(String detail) {
			return new Receipt("malformed", detail);
		}

		/** Whether the body was not an event (answered 400). */
		public boolean isMalformed() {
			return "malformed".equals(outcome);
		}
	}
}
