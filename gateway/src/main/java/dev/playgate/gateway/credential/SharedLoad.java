package dev.playgate.gateway.credential;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One caller's wait for a load that other callers share (an in-flight fetch of the local tier, the shared tier's or
 * the catalogue's): a caller that goes away stops waiting without cancelling the load, which the others still need,
 * and the load's outcome reaches only the callers still waiting. {@code Mono.fromFuture(load, true)} does the first
 * but hands a failure that comes after its caller left to Reactor's dropped-error hook, an ERROR line with a stack
 * trace for each such caller: one per client that hung up during a storm of refusals or timeouts, as many as a client
 * cares to cause.
 */
public final class SharedLoad {

	private SharedLoad() {
	}

	/**
	 * The outcome of {@code load} for one caller: its value (empty for {@code null}) or its failure, unwrapped from a
	 * {@link CompletionException}; cancelling leaves {@code load} running.
	 */
	public static <T> Mono<T> join(CompletableFuture<T> load) {
		return Mono.defer(() -> {
			if (load.isDone()) {
				return outcomeOf(load);
			}
			Sinks.One<T> outcome = Sinks.unsafe().one();
			load.whenComplete((value, failure) -> {
				if (failure != null) {
					outcome.tryEmitError(unwrap(failure));
				}
				else if (value == null) {
					outcome.tryEmitEmpty();
				}
				else {
					outcome.tryEmitValue(value);
				}
			});
			return outcome.asMono();
		});
	}

	private static <T> Mono<T> outcomeOf(CompletableFuture<T> done) {
		try {
			return Mono.justOrEmpty(done.join());
		}
		catch (CompletionException | CancellationException failure) {
			return Mono.error(unwrap(failure));
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
	}
}
