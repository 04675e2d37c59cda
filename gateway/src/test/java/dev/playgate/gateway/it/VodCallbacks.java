package dev.playgate.gateway.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import dev.playgate.gateway.events.CallbackSignature;
import dev.playgate.gateway.it.Load.Answer;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** VOD's HTTP event callbacks built by hand and POSTed to a gateway's {@code /v1/vod/events}; for the events tests. */
final class VodCallbacks {

	private VodCallbacks() {
	}

	/**
	 * POSTs {@code body} to the gateway at {@code baseUrl}, signed now as VOD signs a callback to {@code callbackUrl}
	 * with the AuthKey {@code key}.
	 */
	static Answer signed(String baseUrl, String callbackUrl, String key, String body) {
		String now = Long.toString(Instant.now().getEpochSecond());
		return post(baseUrl, now, CallbackSignature.of(callbackUrl, now, key), body);
	}

	/** POSTs {@code body} with these {@code X-VOD-TIMESTAMP} and {@code X-VOD-SIGNATURE} (left out when null). */
	static Answer post(String baseUrl, String timestamp, @Nullable String signature, String body) {
		return HttpClient.create()
			.headers(headers -> {
				headers.set("Content-Type", "application/json").set("X-VOD-TIMESTAMP", timestamp);
				if (signature != null) {
					headers.set("X-VOD-SIGNATURE", signature);
				}
			})
			.post()
			.uri(baseUrl + "/v1/vod/events")
			.send(Mono.just(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
				.map(text -> new Answer(response.status().code(), response.responseHeaders(), text)))
			.block(Duration.ofSeconds(10));
	}
}
