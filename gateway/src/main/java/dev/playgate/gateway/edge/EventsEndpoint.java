package dev.playgate.gateway.edge;

import dev.playgate.gateway.api.EventAnswer;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.events.EventReceiver;
import dev.playgate.gateway.events.EventReceiver.Receipt;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /v1/vod/events}: VOD's signed HTTP callbacks. Not behind the client gate (VOD presents no API key; its
 * signature is the authentication). A refused callback is a 403 problem and its body is never read; an authentic one
 * is answered 200 with {@code {"outcome":...,"detail":...}} (VOD only looks at the status), or 400 when its body is
 * not an event. Until {@code playgate.events.auth-key} is set the route answers 404.
 */
final class EventsEndpoint {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private static final String TIMESTAMP = "X-VOD-TIMESTAMP";
	private static final String SIGNATURE = "X-VOD-SIGNATURE";

	private final EventReceiver receiver;

	EventsEndpoint(EventReceiver receiver) {
		this.receiver = receiver;
	}

	Publisher<Void> receive(HttpServerRequest request, HttpServerResponse response) {
		String path = Routes.pathOf(request.uri());
		if (!receiver.isEnabled()) {
			return ProblemAnswer.send(response, ProblemCode.NOT_FOUND,
					"the VOD event receiver is off: set playgate.events.auth-key", path, null);
		}
		String timestamp = request.requestHeaders().get(TIMESTAMP);
		String signature = request.requestHeaders().get(SIGNATURE);
		String refusal = receiver.authenticate(timestamp, signature);
		if (refusal != null) {
			return ProblemAnswer.send(response, ProblemCode.CALLBACK_REFUSED, refusal, path, null);
		}
		return BatchEndpoint.body(request, MAX_BODY_BYTES).flatMap(body -> receiver.receive(timestamp, signature, body))
			.flatMap(receipt -> Mono.from(answer(response, receipt, path)))
			.onErrorResume(InvalidParameterException.class, tooLarge -> Mono
				.from(ProblemAnswer.send(response, ProblemCode.INVALID_PARAMETER, tooLarge.getMessage(), path, null)));
	}

	private static Publisher<Void> answer(HttpServerResponse response, Receipt receipt, String path) {
		if (receipt.isMalformed()) {
			return ProblemAnswer.send(response, ProblemCode.INVALID_PARAMETER, receipt.detail(), path, null);
		}
		byte[] body = new EventAnswer(receipt.outcome(), receipt.detail()).encode();
		response.responseHeaders()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return response.sendObject(Unpooled.wrappedBuffer(body));
	}
}
