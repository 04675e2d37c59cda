package dev.playgate.gateway.purge;

import java.util.Set;

import dev.playgate.gateway.api.Problem;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.VideoId;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every refusal of the operator's {@code credentials} endpoint (management port) is an
 * {@code application/problem+json} with a {@code code}, like the public port's. This filter refuses before the
 * actuator sees the request what it can tell from the request line: a path that is not {@code /credentials/{one
 * segment}} is {@code 404 NOT_FOUND} (the path not repeated), a method other than GET, HEAD, DELETE or OPTIONS
 * {@code 405 METHOD_NOT_ALLOWED} with {@code Allow}, a malformed id {@code 400 INVALID_VIDEO_ID}. Any other error
 * answer the actuator or the endpoint makes there is replaced, as it is written, by the problem of its status
 * ({@code 415 UNSUPPORTED_MEDIA_TYPE}, other 4xx {@code 400 BAD_REQUEST}, 5xx {@code 500 INTERNAL_ERROR}); Spring's own
 * problem details, which carry no code and repeat the path, never leave.
 *
 * <p>
 * Every other path of the management port keeps its own answers (a readiness probe's {@code 503} with its health
 * document stays as it is), but a request Spring refuses there, an unknown path, a method the endpoint does not
 * serve, an {@code Accept} it cannot answer or cannot even read ({@code ;;;}), and any error answer without a body
 * (an unknown health component) or with no answer written at all, is answered with the problem of that refusal's
 * status too
 * ({@code 404 NOT_FOUND}, {@code 405 METHOD_NOT_ALLOWED} with the endpoint's {@code Allow}, {@code 415}, other 4xx
 * {@code 400 BAD_REQUEST}, 5xx {@code 500 INTERNAL_ERROR}); a failure that reaches this filter unanswered is logged
 * and answered {@code 500 INTERNAL_ERROR}, its message never sent.
 */
final class OperatorProblems implements WebFilter {

	private static final Logger log = LoggerFactory.getLogger(OperatorProblems.class);

	private static final Set<HttpMethod> SERVED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE,
			HttpMethod.OPTIONS);

	private static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE);

	private final String path;

	/** Guards {@code basePath}{@code /credentials} and everything under it. */
	OperatorProblems(String basePath) {
		this.path = (basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath)
				+ "/credentials";
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requested = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!requested.equals(path) && !requested.startsWith(path + "/")) {
			ServerHttpResponse response = exchange.getResponse();
			return through(chain, exchange, false).onErrorResume(failure -> failed(response, failure));
		}
		String selector = requested.substring(Math.min(requested.length(), path.length() + 1));
		ServerHttpResponse response = exchange.getResponse();
		if (selector.isEmpty() || selector.indexOf('/') >= 0) {
			return write(response, ProblemCode.NOT_FOUND);
		}
		if (!SERVED.contains(exchange.getRequest().getMethod())) {
			response.getHeaders().setAllow(ALLOWED);
			return write(response, ProblemCode.METHOD_NOT_ALLOWED);
		}
		if (!VideoId.isWellFormed(selector)) {
			return write(response, ProblemCode.INVALID_VIDEO_ID);
		}
		return through(chain, exchange, true);
	}

	/** The rest of the chain with its error answers replaced, one it left unanswered included. */
	private static Mono<Void> through(WebFilterChain chain, ServerWebExchange exchange, boolean operatorPath) {
		ProblemResponse problems = new ProblemResponse(exchange.getResponse(), operatorPath);
		return chain.filter(exchange.mutate().response(problems).build()).then(Mono.defer(problems::ifUnanswered));
	}

	/** A failure of another management path that reached this filter: logged, answered 500 unless already begun. */
	private static Mono<Void> failed(ServerHttpResponse response, Throwable failure) {
		if (response.isCommitted()) {
			return Mono.error(failure);
		}
		log.error("A management endpoint failed", failure);
		response.getHeaders().clear();
		return write(response, ProblemCode.INTERNAL_ERROR, managementDetail(ProblemCode.INTERNAL_ERROR));
	}

	private static Mono<Void> write(ServerHttpResponse response, ProblemCode code) {
		return write(response, code, detail(code));
	}

	private static Mono<Void> write(ServerHttpResponse response, ProblemCode code, String detail) {
		byte[] body = Problem.of(code, detail, null).encode();
		response.setStatusCode(HttpStatusCode.valueOf(Problem.status(code)));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setCacheControl("no-store");
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/** The problem an error status of the actuator or the endpoint is answered with. */
	private static ProblemCode codeOf(HttpStatusCode status) {
		return switch (status.value()) {
			case 404 -> ProblemCode.NOT_FOUND;
			case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
			case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
			default -> status.is4xxClientError() ? ProblemCode.BAD_REQUEST : ProblemCode.INTERNAL_ERROR;
		};
	}

	private static String detail(ProblemCode code) {
		return switch (code) {
			case NOT_FOUND -> "no such operator path: GET or DELETE /credentials/{videoId}";
			case METHOD_NOT_ALLOWED -> "only GET and DELETE are served here";
			case INVALID_VIDEO_ID -> "the video id must be 32 characters of [0-9a-zA-Z]";
			case UNSUPPORTED_MEDIA_TYPE -> "the request's body is not of a type served here";
			case BAD_REQUEST -> "the request is not one the credentials endpoint reads";
			default -> "the credentials endpoint failed; see the gateway's log";
		};
	}

	private static String managementDetail(ProblemCode code) {
		return switch (code) {
			case NOT_FOUND -> "no such management path";
			case METHOD_NOT_ALLOWED -> "the method is not served at this path";
			case UNSUPPORTED_MEDIA_TYPE -> "the request's body is not of a type served here";
			case BAD_REQUEST -> "the request is not one this path answers";
			default -> "the management endpoint failed; see the gateway's log";
		};
	}

	/**
	 * A response whose error answers are replaced by problems as they are written: on the operator's path every error
	 * answer, elsewhere only Spring's own problem details (its refusals), so an endpoint's own error answer, such as a
	 * readiness probe's {@code 503} health document, is left as it is.
	 */
	private static final class ProblemResponse extends ServerHttpResponseDecorator {

		private final boolean operatorPath;

		ProblemResponse(ServerHttpResponse delegate, boolean operatorPath) {
			super(delegate);
			this.operatorPath = operatorPath;
		}

		private boolean isError() {
			HttpStatusCode status = getStatusCode();
			return status != null && status.value() >= 400 && (operatorPath || isSpringProblem());
		}

		private boolean isSpringProblem() {
			MediaType type = getHeaders().getContentType();
			return type != null && MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (!isError()) {
				return super.writeWith(body);
			}
			return Flux.from(body).doOnNext(DataBufferUtils::release).then(Mono.defer(this::replace));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			if (!isError()) {
				return super.writeAndFlushWith(body);
			}
			return Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release)
				.then(Mono.defer(this::replace));
		}

		/** An error answered without a body (an unknown health component) is one too. */
		@Override
		public Mono<Void> setComplete() {
			return isErrorStatus() ? replace() : super.setComplete();
		}

		/**
		 * An error status the chain set without answering at all, not even through {@link #setComplete}, is one too:
		 * Spring refuses an {@code Accept} that is not a media type with a {@code 406} whose body it cannot write,
		 * and leaves the empty answer to the server, past this response. Anything else is left as it is.
		 */
		Mono<Void> ifUnanswered() {
			return !isCommitted() && isErrorStatus() ? replace() : Mono.empty();
		}

		private boolean isErrorStatus() {
			HttpStatusCode status = getStatusCode();
			return status != null && status.value() >= 400;
		}

		private Mono<Void> replace() {
			ServerHttpResponse target = getDelegate();
			ProblemCode code = codeOf(getStatusCode());
			if (code != ProblemCode.METHOD_NOT_ALLOWED) {
				target.getHeaders().remove("Allow");
			}
			target.getHeaders().remove("Content-Length");
			return write(target, code, operatorPath ? detail(code) : managementDetail(code));
		}
	}
}
