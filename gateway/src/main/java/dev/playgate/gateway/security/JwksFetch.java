package dev.playgate.gateway.security;

import java.time.Duration;
import java.util.function.Supplier;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Fetches a JWKS document with Reactor Netty's client: non-blocking, bounded in time and size. */
final class JwksFetch {

	static final Duration TIMEOUT = Duration.ofSeconds(5);
	static final int MAX_BYTES = 512 * 1024;

	private JwksFetch() {
	}

	/** A fetch of {@code uri}: its body when the answer is 200, else an error. */
	static Supplier<Mono<String>> of(String uri) {
		HttpClient client = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
			.responseTimeout(TIMEOUT)
			.followRedirect(false);
		return () -> client.get().uri(uri).responseSingle((response, body) -> {
			if (response.status().code() != 200) {
				return Mono.error(new IllegalStateException("JWKS answered " + response.status().code()));
			}
			return body.asString();
		}).flatMap(text -> text.length() > MAX_BYTES
				? Mono.<String>error(new IllegalStateException("JWKS larger than " + MAX_BYTES)) : Mono.just(text));
	}
}
