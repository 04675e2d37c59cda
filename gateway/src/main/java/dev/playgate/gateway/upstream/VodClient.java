package dev.playgate.gateway.upstream;

import java.time.Clock;

import reactor.core.publisher.Mono;

/**
 * How the gateway's calls reach VOD ({@code playgate.vod.transport}): {@link NettyVodClient}, non-blocking on the
 * server's event loops (the default), or {@link SdkVodClient}, the real SDK on a bounded scheduler.
 */
interface VodClient extends AutoCloseable {

	/**
	 * Sends one call: emits the public answer's body, or fails with a {@link VodCallException} saying what the
	 * failure means. Cancelling gives the call up.
	 */
	Mono<byte[]> send(VodCall call);

	/** Releases the client's connections and threads. */
	@Override
	void close();

	/** The client {@code properties} choose, with at most {@code maxConcurrentCalls} calls in flight. */
	static VodClient of(VodProperties properties, int maxConcurrentCalls, Clock clock) {
		return properties.transport() == VodProperties.Transport.SDK ? SdkVodClient.of(properties, maxConcurrentCalls)
				: NettyVodClient.of(properties, maxConcurrentCalls, clock);
	}
}
