package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The HTTP front of the OpenAPI: turns a request into an {@link RpcRequest} (query parameters, plus form-body
 * parameters when there is a body), lets {@link VodApi} answer it, and writes the answer after any injected latency.
 * Requests arriving while the hang fault is on are held and never answered.
 */
final class OpenApiEndpoint {

	static final String CONTENT_TYPE = "application/json;charset=UTF-8";

	/** The pseudo-parameter that carries why a request's parameters could not be decoded. */
	static final String MALFORMED = " malformed";

	private static final int MAX_PARAMETERS = 1024;

	private final VodApi api;
	private final Faults faults;
	private final HangGate hang;
	private final Clock clock;

	OpenApiEndpoint(VodApi api, Faults faults, HangGate hang, Clock clock) {
		this.api = api;
		this.faults = faults;
		this.hang = hang;
		this.clock = clock;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		long arrival = clock.millis();
		if (!hasBody(request.requestHeaders())) {
			return answer(request, null, arrival, response);
		}
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
				.flatMap(body -> answer(request, body, arrival, response));
	}

	private Mono<Void> answer(HttpServerRequest request, @Nullable String body, long arrival,
			HttpServerResponse response) {
		RpcRequest call;
		try {
			call = call(request, body, arrival);
		}
		catch (IllegalArgumentException ex) {
			String why = String.valueOf(ex.getMessage());
			call = new RpcRequest(request.method().name(), Map.of(MALFORMED, why), arrival);
		}
		return answer(call, response);
	}

	private Mono<Void> answer(RpcRequest call, HttpServerResponse response) {
		if (hang.isHolding()) {
			api.recordHung(call);
			return hang.released().then(Mono.fromRunnable(() -> response.withConnection(Connection::dispose)));
		}
		Reply reply = api.answer(call);
		response.status(reply.status())
				.header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
				.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(reply.body().length))
				.header("x-acs-request-id", reply.requestId());
		Mono<Void> send = response.sendObject(Unpooled.wrappedBuffer(reply.body())).then();
		Duration delay = faults.delay();
		return delay.isZero() ? send : Mono.delay(delay).then(send);
	}

	private static boolean hasBody(HttpHeaders headers) {
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		return (length != null && !"0".equals(length))
				|| headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
	}

	private static RpcRequest call(HttpServerRequest request, @Nullable String body, long arrival) {
		Map<String, String> parameters = new HashMap<>(32);
		String uri = request.uri();
		int query = uri.indexOf('?');
		if (query >= 0) {
			addAll(parameters, uri, query + 1);
		}
		if (body != null && !body.isEmpty() && isForm(request.requestHeaders())) {
			addAll(parameters, body, 0);
		}
		return new RpcRequest(request.method().name(), parameters, arrival);
	}

	private static boolean isForm(HttpHeaders headers) {
		String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
		return type == null || type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
	}

	/**
	 * Adds the {@code application/x-www-form-urlencoded} pairs of {@code text} from {@code start}: the first value
	 * of each name, names already present (query parameters) winning. {@code +} decodes to a space, as in forms.
	 */
	static void addAll(Map<String, String> parameters, String text, int start) {
		int count = 0;
		int position = start;
		while (position < text.length() && count < MAX_PARAMETERS) {
			int end = text.indexOf('&', position);
			if (end < 0) {
				end = text.length();
			}
			if (end > position) {
				int equals = text.indexOf('=', position);
				boolean hasValue = equals >= 0 && equals < end;
				String name = decode(text, position, hasValue ? equals : end);
				parameters.putIfAbsent(name, hasValue ? decode(text, equals + 1, end) : "");
				count++;
			}
			position = end + 1;
		}
	}

	private static String decode(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c == '%' || c == '+') {
				return QueryStringDecoder.decodeComponent(text.substring(start, end), StandardCharsets.UTF_8);
			}
		}
		return text.substring(start, end);
	}
}
