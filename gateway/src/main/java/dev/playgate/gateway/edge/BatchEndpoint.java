package dev.playgate.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.api.BatchAnswer;
import dev.playgate.gateway.api.Problem;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoNotAllowedException;
import dev.playgate.gateway.security.ClientGate;
import dev.playgate.gateway.security.ClientIdentity;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/play-auth/batch}: up to {@value #MAX_IDS} video ids in {@code {"videoIds":[...]}}, answered with
 * {@code {"items":[...]}}, one item per id in order: the same object a single play-auth request returns, or a problem
 * object naming the {@code videoId}. The ids are fetched concurrently through the same pipeline, so they are cached
 * and coalesced like single requests. The headers describe the batch as a whole: the least cached {@code X-Cache},
 * the shortest {@code max-age}, the oldest {@code Age}.
 */
final class BatchEndpoint {

	static final int MAX_IDS = 100;
	static final int MAX_BODY_BYTES = 16 * 1024;
	private static final int CONCURRENCY = 32;
	private static final String SAMPLE_ID = "0".repeat(32);

	private final CredentialSource pipeline;
	private final RequestReader reader;
	private final ClientGate gate;
	private final Clock clock;
	private final EdgeMetrics metrics;
	private final JsonMapper json;

	BatchEndpoint(CredentialSource pipeline, RequestReader reader, ClientGate gate, Clock clock, EdgeMetrics metrics,
			JsonMapper json) {
		this.pipeline = pipeline;
		this.reader = reader;
		this.gate = gate;
		this.clock = clock;
		this.metrics = metrics;
		this.json = json;
	}

	Publisher<Void> batch(HttpServerRequest request, HttpServerResponse response) {
		String path = Routes.pathOf(request.uri());
		QueryParameters query;
		ClientIdentity caller;
		try {
			caller = gate.admit(request.requestHeaders(), request.remoteAddress());
			AccessLog.client(response, caller);
			requireJson(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
			PercentEncoding.requireWellFormed(request.uri());
			query = QueryParameters.of(request.uri());
			reader.playAuth(SAMPLE_ID, query);
		}
		catch (CredentialException refusal) {
			return refuse(response, refusal, path);
		}
		return body(request).map(this::videoIds)
			.flatMap(ids -> items(ids, query, path, caller))
			.flatMap(items -> OnEventLoop.answer(response, () -> send(response, items)))
			.onErrorResume(CredentialException.class,
					refusal -> OnEventLoop.answer(response, () -> refuse(response, refusal, path)));
	}

	private static void requireJson(@Nullable String contentType) {
		if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
			throw new UnsupportedBodyException();
		}
	}

	private static Mono<byte[]> body(HttpServerRequest request) {
		return body(request, MAX_BODY_BYTES);
	}

	/** A request's whole body, refused with {@link InvalidParameterException} beyond {@code maxBytes}. */
	static Mono<byte[]> body(HttpServerRequest request, int maxBytes) {
		return request.receive().asByteArray().collect(ByteArrayOutputStream::new, (out, chunk) -> {
			if (out.size() + chunk.length > maxBytes) {
				throw new InvalidParameterException("the body must be at most " + maxBytes + " bytes");
			}
			out.writeBytes(chunk);
		}).map(ByteArrayOutputStream::toByteArray);
	}

	private List<String> videoIds(byte[] body) {
		JsonNode ids;
		try {
			ids = json.readTree(body).get("videoIds");
		}
		catch (JacksonException malformed) {
			throw new InvalidParameterException("the body must be JSON like {\"videoIds\":[\"...\"]}");
		}
		if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
			throw new InvalidParameterException("videoIds must be an array of 1 to " + MAX_IDS + " video ids");
		}
		List<String> out = new ArrayList<>(ids.size());
		for (JsonNode id : ids) {
			if (!id.isString()) {
				throw new InvalidParameterException("every entry of videoIds must be a string");
			}
			out.add(id.asString());
		}
		return out;
	}

	/**
	 * Each valid id is charged to the caller's quota, in order, before anything is fetched: the admission paid for
	 * the first, every further one takes a token of its own, and the ids beyond the quota are refused with their own
	 * {@code CLIENT_RATE_LIMITED} item while the others are answered. Invalid ids cost nothing.
	 */
	private Mono<List<Item>> items(List<String> ids, QueryParameters query, String path, ClientIdentity caller) {
		List<Mono<Item>> items = new ArrayList<>(ids.size());
		boolean paid = true;
		for (String videoId : ids) {
			CredentialRequest request;
			try {
				request = reader.playAuth(videoId, query).forClient(caller.id());
				if (!caller.mayAsk(videoId)) {
					throw new VideoNotAllowedException();
				}
				if (!paid) {
					gate.charge(caller);
				}
				paid = false;
			}
			catch (CredentialException refusal) {
				metrics.refused(Endpoint.BATCH, refusal.code());
				items.add(Mono.just(Item.refused(refusal.code(), refusal.getMessage(), path, videoId)));
				continue;
			}
			items.add(Mono.defer(() -> item(request, path, videoId)));
		}
		return Flux.fromIterable(items).flatMapSequential(item -> item, CONCURRENCY).collectList();
	}

	private Mono<Item> item(CredentialRequest request, String path, String videoId) {
		return pipeline.fetch(request).map(served -> {
			metrics.served(Endpoint.BATCH, served.status(), request.key().action(),
					served.credential().remainingAt(clock.instant()));
			return Item.served(served);
		}).onErrorResume(error -> Mono.just(failed(error, path, videoId)));
	}

	private Item failed(Throwable error, String path, String videoId) {
		if (error instanceof CredentialException refusal) {
			metrics.refused(Endpoint.BATCH, refusal.code());
			return Item.refused(refusal.code(), refusal.getMessage(), path, videoId);
		}
		Exceptions.throwIfFatal(error);
		metrics.refused(Endpoint.BATCH, ProblemCode.INTERNAL_ERROR);
		return Item.refused(ProblemCode.INTERNAL_ERROR, "the gateway failed unexpectedly", path, videoId);
	}

	private Publisher<Void> send(HttpServerResponse response, List<Item> items) {
		Instant now = clock.instant();
		List<byte[]> bodies = new ArrayList<>(items.size());
		CacheStatus least = CacheStatus.HIT;
		Instant issued = now;
		Instant expires = null;
		for (Item item : items) {
			bodies.add(item.json());
			if (item.served() != null) {
				Credential credential = item.served().credential();
				least = lessCached(least, item.served().status());
				issued = credential.issuedAt().isBefore(issued) ? credential.issuedAt() : issued;
				expires = expires == null || credential.expiresAt().isBefore(expires) ? credential.expiresAt() : expires;
			}
		}
		return CredentialAnswer.send(response, BatchAnswer.encode(bodies), expires == null ? CacheStatus.MISS : least,
				issued, expires == null ? now : expires, now);
	}

	private static CacheStatus lessCached(CacheStatus a, CacheStatus b) {
		return rank(b) > rank(a) ? b : a;
	}

	private static int rank(CacheStatus status) {
		return switch (status) {
			case HIT, SIGNED -> 0;
			case STALE -> 1;
			case COALESCED -> 2;
			case MISS -> 3;
		};
	}

	private Publisher<Void> refuse(HttpServerResponse response, CredentialException refusal, String path) {
		metrics.refused(Endpoint.BATCH, refusal.code());
		return ProblemAnswer.send(response, refusal, path);
	}

	/** One id's entry in the answer: its JSON, and how it was served when it succeeded. */
	private record Item(byte[] json, @Nullable Served served) {

		static Item served(Served served) {
			return new Item(served.credential().body(), served);
		}

		static Item refused(ProblemCode code, String detail, String path, String videoId) {
			return new Item(new Problem(code, detail, path, videoId).encode(), null);
		}
	}

	/** A batch body that is not JSON. */
	private static final class UnsupportedBodyException extends CredentialException {

		UnsupportedBodyException() {
			super("the body must be application/json", null);
		}

		@Override
		public ProblemCode code() {
			return ProblemCode.UNSUPPORTED_MEDIA_TYPE;
		}
	}
}
