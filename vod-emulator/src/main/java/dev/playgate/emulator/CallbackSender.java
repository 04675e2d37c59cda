package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * VOD's HTTP event notifications, as VOD sends them: a JSON POST to the configured callback URL, signed with
 * {@code X-VOD-TIMESTAMP} (Unix seconds) and {@code X-VOD-SIGNATURE = md5hex("{url}|{timestamp}|{key}")}; only a 200
 * counts as delivered; VOD waits {@value #WAIT_SECONDS} s for it and tries {@value #ATTEMPTS} times, 1 s apart, then
 * drops the event. Off until a target is set ({@code --callback-url} and {@code --callback-key}, or the admin API).
 */
final class CallbackSender {

	static final int ATTEMPTS = 3;
	static final int WAIT_SECONDS = 5;
	private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(1);

	private final Clock clock;
	private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(WAIT_SECONDS));
	private volatile @Nullable Target target;

	CallbackSender(Clock clock) {
		this.clock = clock;
	}

	/** Where events go, and the AuthKey they are signed with. */
	record Target(String url, String key) {

		Target {
			if (!url.startsWith("http://") && !url.startsWith("https://")) {
				throw new IllegalArgumentException("callback-url must be an http:// or https:// URL: " + url);
			}
			if (!key.matches("[A-Za-z0-9]{1,32}")) {
				throw new IllegalArgumentException("callback-key must be 1-32 letters and digits");
			}
		}
	}

	/** How one event's delivery went: the last HTTP status (0: no answer, -1: callbacks off) and attempts made. */
	record Delivery(int status, int attempts) {

		static final Delivery OFF = new Delivery(-1, 0);

		boolean delivered() {
			return status == 200;
		}
	}

	void target(@Nullable Target value) {
		this.target = value;
	}

	@Nullable
	Target target() {
		return target;
	}

	/** Sends one event and answers once it is delivered or dropped. */
	Mono<Delivery> send(String json) {
		Target current = target;
		if (current == null) {
			return Mono.just(Delivery.OFF);
		}
		return attempt(current, json, 1);
	}

	private Mono<Delivery> attempt(Target current, String json, int attempt) {
		String timestamp = Long.toString(clock.instant().getEpochSecond());
		return client.headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.set("X-VOD-TIMESTAMP", timestamp)
			.set("X-VOD-SIGNATURE", signature(current.url(), timestamp, current.key())))
			.post()
			.uri(current.url())
			.send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))))
			.responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
			.onErrorReturn(0)
			.flatMap(status -> status == 200 || attempt == ATTEMPTS ? Mono.just(new Delivery(status, attempt))
					: Mono.delay(BETWEEN_ATTEMPTS).then(attempt(current, json, attempt + 1)));
	}

	/** VOD's callback signature. */
	static String signature(String url, String timestamp, String key) {
		try {
			byte[] digest = MessageDigest.getInstance("MD5")
				.digest((url + "|" + timestamp + "|" + key).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides MD5", ex);
		}
	}
}
