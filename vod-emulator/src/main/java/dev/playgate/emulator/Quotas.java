package dev.playgate.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The current quota of each action; replacing a quota (a run-time qps change) starts it with an empty window. */
final class Quotas {

	private final Map<String, AtomicReference<Quota>> quotas = new HashMap<>();
	private final EmulatorOptions options;

	Quotas(EmulatorOptions options) {
		this.options = options;
		Ledger.ACTIONS.forEach(action -> quotas.put(action, new AtomicReference<>(initial(action))));
	}

	boolean tryAcquire(String action, long nowMillis) {
		return quotas.get(action).get().tryAcquire(nowMillis);
	}

	int limit(String action) {
		AtomicReference<Quota> quota = quotas.get(action);
		if (quota == null) {
			throw new IllegalArgumentException("unknown action: " + action);
		}
		return quota.get().limit();
	}

	void set(String action, int limit) {
		if (limit <= 0 || limit > EmulatorOptions.MAX_QPS) {
			throw new IllegalArgumentException("qps must be 1-" + EmulatorOptions.MAX_QPS + ": " + limit);
		}
		AtomicReference<Quota> quota = quotas.get(action);
		if (quota == null) {
			throw new IllegalArgumentException("unknown action: " + action + " (known: " + Ledger.ACTIONS + ")");
		}
		quota.set(Quota.of(options.quotaWindow(), limit));
	}

	void setAll(int limit) {
		quotas.keySet().forEach(action -> set(action, limit));
	}

	/** Back to the start-up quotas, with empty windows. */
	void reset() {
		quotas.forEach((action, quota) -> quota.set(initial(action)));
	}

	Map<String, Integer> limits() {
		Map<String, Integer> limits = new HashMap<>();
		quotas.forEach((action, quota) -> limits.put(action, quota.get().limit()));
		return limits;
	}

	private Quota initial(String action) {
		return Quota.of(options.quotaWindow(), options.qpsOf(action));
	}
}
