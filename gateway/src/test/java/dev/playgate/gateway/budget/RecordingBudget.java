package dev.playgate.gateway.budget;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import reactor.core.publisher.Mono;

/**
 * Stands in for the local resilience4j budget (the per-process cap and the fail-open share) in tests of the cluster
 * budget: grants or refuses as told, and counts what it was asked.
 */
final class RecordingBudget implements UpstreamBudget {

	private final AtomicInteger acquired = new AtomicInteger();
	private final AtomicInteger throttled = new AtomicInteger();
	private volatile boolean refusing;

	@Override
	public Mono<Void> acquire(Action action, Priority priority) {
		return Mono.defer(() -> {
			acquired.incrementAndGet();
			return refusing ? Mono.error(new UpstreamBusyException("local cap", Duration.ofSeconds(1))) : Mono.empty();
		});
	}

	@Override
	public void onThrottled(Action action) {
		throttled.incrementAndGet();
	}

	void refuse() {
		refusing = true;
	}

	int acquired() {
		return acquired.get();
	}

	int throttled() {
		return throttled.get();
	}
}
