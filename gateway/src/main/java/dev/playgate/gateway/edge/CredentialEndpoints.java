package dev.playgate.gateway.edge;

import java.net.InetSocketAddress;
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
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
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
	 * Any other request: 400 for a target that is not a URI (a malformed percent-encoding such as {@code %zz}, as
	 * inside a route), 405 for a known path with the wrong method, else 404; none repeats a path that is not known (it
	 * is the client's text, and only a known path is worth naming).
	 */
	Publisher<Void> unrouted(HttpServerRequest request, HttpServerResponse response) {
		if (!UnreadableRequest.isUriTarget(request.uri())) {
			metrics.refused(Endpoint.UNROUTED, ProblemCode.BAD_REQUEST);
			return ProblemAnswer.send(response, ProblemCode.BAD_REQUEST, UnreadableRequest.NOT_A_URI, null, null);
		}
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

	/**
	 * Admits and reads the request (unless the {@link HitPath} already did, and left its {@link Admission}), then asks
	 * the pipeline and answers on the event loop. Hits rarely get here: the {@code HitPath} answers them at once; what
	 * comes is a miss, a load in flight, a refusal, or a request the {@code HitPath} does not take (HEAD, HTTP/1.0).
	 */
	private Publisher<Void> single(Endpoint endpoint, HttpServerRequest request, HttpServerResponse response) {
		Admission admission = HitPath.admissionOf(response, request.requestHeaders());
		if (admission == null) {
			admission = admit(endpoint, request.requestHeaders(), request.uri(), request.remoteAddress());
		}
		if (admission.caller() != null) {
			AccessLog.client(response, admission.caller());
		}
		CredentialException refusal = admission.refusal();
		if (refusal != null) {
			return refuse(endpoint, response, refusal, request.uri());
		}
		return pipeline.fetch(admission.admitted())
			.flatMap(served -> OnEventLoop.answer(response, () -> answer(endpoint, response, served)))
			.onErrorResume(
					error -> OnEventLoop.answer(response, () -> fail(endpoint, response, error, request.uri())));
	}

	/**
	 * Admits the caller and reads the request: the pipeline's request, or the refusal it earned. Admitting charges
	 * the caller's quota, so each request is admitted once, here or by the {@link HitPath}.
	 * @param headers the request's headers
	 * @param uri the request's URI, path and query
	 * @param peer the connection's remote address
	 */
	Admission admit(Endpoint endpoint, HttpHeaders headers, String uri, @Nullable InetSocketAddress peer) {
		ClientIdentity caller = null;
		try {
			caller = gate.admit(headers, peer);
			String suffix = endpoint == Endpoint.PLAY_AUTH ? Routes.PLAY_AUTH_SUFFIX : Routes.PLAY_INFO_SUFFIX;
			PercentEncoding.requireWellFormed(uri);
			String videoId = java.util.Objects.requireNonNullElse(Routes.videoIdOf(uri, suffix), "");
			QueryParameters query = QueryParameters.of(uri);
			CredentialRequest credentialRequest = endpoint == Endpoint.PLAY_AUTH ? reader.playAuth(videoId, query)
					: reader.playInfo(videoId, query);
			if (!caller.mayAsk(videoId)) {
				throw new VideoNotAllowedException();
			}
			return new Admission(headers, caller, credentialRequest.forClient(caller.id()), null);
		}
		catch (CredentialException refusal) {
			return new Admission(headers, caller, null, refusal);
		}
	}

	/**
	 * The hit the pipeline has at once for an admitted request, counted as served; {@code null} when the request
	 * must go the reactive way (a miss, a load in flight, a refusal, anything unexpected), which then answers it.
	 */
	@Nullable Served hitAtOnce(Endpoint endpoint, Admission admission, Instant now) {
		CredentialRequest credentialRequest = admission.request();
		if (credentialRequest == null) {
			return null;
		}
		Served hit;
		try {
			hit = pipeline.servedAtOnce(credentialRequest);
		}
		catch (RuntimeException refusalOrFailure) {
			return null;
		}
		if (hit != null) {
			served(endpoint, hit, now);
		}
		return hit;
	}

	/**
	 * A request read and admitted at the edge: the caller (once known) and either the pipeline's request or the
	 * refusal. {@code headers} names the request it belongs to.
	 */
	record Admission(HttpHeaders headers, @Nullable ClientIdentity caller, @Nullable CredentialRequest request,
			@Nullable CredentialException refusal) {

		/** Checks that the admission has exactly one of a request and a refusal. */
		Admission {
			if ((request == null) == (refusal == null)) {
				throw new IllegalArgumentException("an admission has either a request or a refusal");
			}
		}

		/** The pipeline's request of an admission without a refusal. */
		CredentialRequest admitted() {
			return java.util.Objects.requireNonNull(request, "a refused request has no pipeline request");
		}
	}

	private Publisher<Void> answer(Endpoint endpoint, HttpServerResponse response, Served served) {
		Instant now = clock.instant();
		served(endpoint, served, now);
		return CredentialAnswer.send(response, served.credential(), served.status(), now);
	}

	private void served(Endpoint endpoint, Served served, Instant now) {
		metrics.served(endpoint, served.status(), served.credential().key().action(),
				served.credential().remainingAt(now));
	}

	/** The clock the answers' {@code Age} and {@code max-age} are read from. */
	Clock clock() {
		return clock;
	}

	private Publisher<Void> fail(Endpoint endpoint, HttpServerResponse response, Throwable error, String uri) {
		if (error instanceof CredentialException refusal) {
			return refuse(endpoint, response, refusal, uri);
		}
		Exceptions.throwIfFatal(error);
		if (error instanceof AbortedException) {
			// the client closed its connection while its answer was being written: there is no one left to answer
			log.debug("the client of {} went away before its answer was written", Routes.pathOf(uri));
			return Mono.empty();
		}
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
