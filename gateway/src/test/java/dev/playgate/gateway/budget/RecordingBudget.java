package dev.playgate.gateway.budget;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.Priority;
import dev.playgate.gateway.credential.UpstreamBusyException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A budget for tests of what stands around one (the guarded upstream, the cluster budget's cap and fail-open share):
 * grants at once or refuses as told, and records the priorities it was asked for, the calls it was told to expect and
 * the throttling reported.
 */
public final class RecordingBudget implements UpstreamBudget {

	private final List<Priority> priorities = new CopyOnWriteArrayList<>();
	private final AtomicInteger throttled = new AtomicInteger();
	private final List<Action> expected = new CopyOnWriteArrayList<>();
	private volatile @Nullable UpstreamBusyException refusal;

	@Override
	public Mono<Void> acquire(Action action, Priority priority) {
		return Mono.defer(() -> {
			priorities.add(priority);
			UpstreamBusyException current = refusal;
			return current == null ? Mono.empty() : Mono.error(current);
		});
	}

	@Override
	public void expect(Action action) {
		expected.add(action);
	}

	@Override
	public void onThrottled(Action action) {
		throttled.incrementAndGet();
	}

	/** From now on, refuses every permit with {@code busy}. */
	public void refuse(UpstreamBusyException busy) {
		refusal = busy;
	}

	/** The priorities of the permits asked for, in order. */
	public List<Priority> priorities() {
		return priorities;
	}

	/** How many permits were asked for. */
	public int acquired() {
		return priorities.size();
	}

	/** The actions a player's call was said to be likely for ({@link #expect}), in order. */
	public List<Action> expected() {
		return expected;
	}

	/** How many times throttling was reported. */
	public int throttled() {
		return throttled.get();
	}
}
