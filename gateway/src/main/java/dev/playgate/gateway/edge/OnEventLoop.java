package dev.playgate.gateway.edge;

import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes an answer on its connection's event loop, so a response and the end of its request's exchange happen in one
 * event-loop task.
 *
 * <p>
 * Why: an answer that comes from another thread (the SDK scheduler after a miss, a timer after a budget wait) used
 * to be written from that thread. Netty then runs the write on the event loop but notifies the end-of-response
 * listener in a later task, so a keep-alive client that has already read the answer can send its next request
 * before Reactor Netty has closed the exchange. Reactor Netty (1.3.6) buffers that request as pipelined, and when the
 * buffered request is answered at once (an immediate {@code 503 UPSTREAM_BUSY}, a {@code 400}) it stops reading or
 * flushing the connection: the requests after it were never answered nor counted (reactor-netty issues 4347, 4361).
 * Written on the event loop, the write, its completion and the end of the exchange run in one task, and the next
 * request is read only after it. Answers already on the event loop (hits, refusals) are written as before, with no
 * extra hop.
 */
final class OnEventLoop {

	private OnEventLoop() {
	}

	/** The answer {@code write} produces, written on {@code response}'s event loop. */
	static Mono<Void> answer(HttpServerResponse response, Supplier<? extends Publisher<Void>> write) {
		EventLoop[] loop = new EventLoop[1];
		response.withConnection(connection -> loop[0] = connection.channel().eventLoop());
		if (loop[0] == null || loop[0].inEventLoop()) {
			return Mono.from(write.get());
		}
		return Mono.defer(() -> Mono.from(write.get())).subscribeOn(Schedulers.fromExecutor(loop[0]));
	}
}
