package dev.playgate.gateway.credential;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A stage of the pipeline: something that can produce a credential for a request, usually by asking the next stage
 * when it cannot answer itself. Stages wrap each other (edge, local tier, shared tier, upstream, VOD) and are wired in
 * one place.
 *
 * <p>
 * The returned {@code Mono} emits one {@link Served} or fails with a {@link CredentialException}; it never completes
 * empty. It must not block the subscribing thread.
 *
 * <p>
 * A stage that can often answer from memory alone (a cached credential, one minted in process) also says so through
 * {@link #servedAtOnce}, which lets the edge answer a hit without assembling a reactive chain per request.
 */
@FunctionalInterface
public interface CredentialSource {

	/** Produces a credential with at least {@code request.minValidity()} left, or fails saying why not. */
	Mono<Served> fetch(CredentialRequest request);

	/**
	 * What {@link #fetch} would emit for {@code request}, when this source has it at once, on the calling thread, from
	 * memory and without waiting; else {@code null}, and the caller fetches. A source answers here exactly as its
	 * {@code fetch} would (the same credential, status and side effects, e.g. a refresh-ahead started), so callers
	 * may take either path. The default never answers at once.
	 * @throws CredentialException when the refusal is known at once, as {@code fetch} would have failed
	 */
	default @Nullable Served servedAtOnce(CredentialRequest request) {
		return null;
	}
}
