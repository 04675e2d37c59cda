package dev.playgate.gateway.credential;

import reactor.core.publisher.Mono;

/**
 * A stage of the pipeline: something that can produce a credential for a request, usually by asking the next stage
 * when it cannot answer itself. Stages wrap each other (edge, local tier, shared tier, upstream, VOD) and are wired in
 * one place.
 *
 * <p>
 * The returned {@code Mono} emits one {@link Served} or fails with a {@link CredentialException}; it never completes
 * empty. It must not block the subscribing thread.
 */
@FunctionalInterface
public interface CredentialSource {

	/** Produces a credential with at least {@code request.minValidity()} left, or fails saying why not. */
	Mono<Served> fetch(CredentialRequest request);
}
