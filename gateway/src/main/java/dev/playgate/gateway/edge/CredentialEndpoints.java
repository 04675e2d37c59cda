package dev.playgate.gateway.edge;

import java.time.Clock;
import java.time.Instant;

import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoNotAllowedException;
import dev.playgate.gateway.security.ClientGate;
import dev.playgate.gateway.security.ClientIdentity;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The handlers of the two single-video routes and of unknown paths under {@code /v1/}: admit the caller, read the
 * request, ask the pipeline, answer with the credential or a problem. Nothing here blocks; bad input is refused before
 * the pipeline is asked, so it costs no upstream call.
 */
final class CredentialEndpoints {

	private static final Logger log = LoggerFactory.getLogger(CredentialEndpoints.class);

	private final CredentialSource pipeline;
	private final RequestReader reader;
	private final ClientGate gate;
	private final Clock clock;
	private final EdgeMetrics metrics;

	CredentialEndpoints(CredentialSource pipeline, RequestReader reader, ClientGate gate, Clock clock,
			EdgeMetrics metrics) {
		this.pipeline = pipeline;
		this.reader = reader;
		this.gate = gate;
		this.clock = clock;
		this.metrics = metrics;
	}

	Publisher<Void> playAuth(HttpServerRequest request, HttpServerResponse response) {
		return single(Endpoint.PLAY_AUTH, request, response);
	}

	Publisher<Void> playInfo(HttpServerRequest request, HttpServerResponse response) {
		return single(Endpoint.PLAY_INFO, request, response);
	}

	/**
	 * Any other request: 405 for a known path with the wrong method, else 404, whose answer does not repeat the path
	 * (it is the client's text, and only a known path is worth naming).
	 */
	Publisher<Void> unrouted(HttpServerRequest request, HttpServerResponse response) {
		String path = Routes.pathOf(request.uri());
		String allowed = Routes.allowedMethods(path);
		if (allowed == null) {
			metrics.refused(Endpoint.UNROUTED, ProblemCode.NOT_FOUND);
			return ProblemAnswer.send(response, ProblemCode.NOT_FOUND, "no such route; see the API description",
					null, null);
		}
		metrics.refused(Endpoint.UNROUTED, ProblemCode.METHOD_NOT_ALLOWED);
		response.header("Allow", allowed);
		return ProblemAnswer.send(response, ProblemCode.METHOD_NOT_ALLOWED,
				request.method().name() + " is not allowed here; use " + allowed, path, null);
	}

	private Publisher<Void> single(Endpoint endpoint, HttpServerRequest request, HttpServerResponse response) {
		CredentialRequest credentialRequest;
		try {
			ClientIdentity caller = gate.admit(request.requestHeaders(), request.remoteAddress());
			AccessLog.client(response, caller);
			String suffix = endpoint == Endpoint.PLAY_AUTH ? Routes.PLAY_AUTH_SUFFIX : Routes.PLAY_INFO_SUFFIX;
			PercentEncoding.requireWellFormed(request.uri());
			String videoId = java.util.Objects.requireNonNullElse(Routes.videoIdOf(request.uri(), suffix), "");
			QueryParameters query = QueryParameters.of(request.uri());
			credentialRequest = endpoint == Endpoint.PLAY_AUTH ? reader.playAuth(videoId, query)
					: reader.playInfo(videoId, query);
			if (!caller.mayAsk(videoId)) {
				throw new VideoNotAllowedException();
			}
			credentialRequest = credentialRequest.forClient(caller.id());
		}
		catch (CredentialException refusal) {
			return refuse(endpoint, response, refusal, request.uri());
		}
		return pipeline.fetch(credentialRequest)
			.flatMap(served -> OnEventLoop.answer(response, () -> answer(endpoint, response, served)))
			.onErrorResume(
					error -> OnEventLoop.answer(response, () -> fail(endpoint, response, error, request.uri())));
	}

	private Publisher<Void> answer(Endpoint endpoint, HttpServerResponse response, Served served) {
		Instant now = clock.instant();
		metrics.served(endpoint, served.status(), served.credential().key().action(),
				served.credential().remainingAt(now));
		return CredentialAnswer.send(response, served.credential(), served.status(), now);
	}

	private Publisher<Void> fail(Endpoint endpoint, HttpServerResponse response, Throwable error, String uri) {
		if (error instanceof CredentialException refusal) {
			return refuse(endpoint, response, refusal, uri);
		}
		Exceptions.throwIfFatal(error);
		log.error("Unexpected failure serving {}", Routes.pathOf(uri), error);
		metrics.refused(endpoint, ProblemCode.INTERNAL_ERROR);
		return ProblemAnswer.send(response, ProblemCode.INTERNAL_ERROR, "the gateway failed unexpectedly",
				Routes.pathOf(uri), null);
	}

	private Publisher<Void> refuse(Endpoint endpoint, HttpServerResponse response, CredentialException refusal,
			String uri) {
		metrics.refused(endpoint, refusal.code());
		return ProblemAnswer.send(response, refusal, Routes.pathOf(uri));
	}
}
