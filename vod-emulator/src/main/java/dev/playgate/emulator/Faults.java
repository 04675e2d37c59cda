package dev.playgate.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The faults of a running emulator, switchable at any time from a test or through {@code /__admin/faults}: added
 * latency, an error rate with a chosen code, a full outage, a hang, and the per-action quota.
 *
 * <p>Each setter applies to calls that arrive after it returns and answers this object, so calls chain:
 * {@code emu.faults().latency(Duration.ofMillis(50), Duration.ZERO).errorRate(0.1, "InternalError")}.
 */
public final class Faults {

	private final AtomicReference<State> state;
	private final AtomicLong errorTicks = new AtomicLong();
	private final State initial;
	private final Quotas quotas;
	private final HangGate hang;
	private final int throttleStatus;

	Faults(EmulatorOptions options, Quotas quotas, HangGate hang) {
		this.initial = new State(options.latency(), options.jitter(), 0, "InternalError", 500, false);
		this.state = new AtomicReference<>(initial);
		this.quotas = quotas;
		this.hang = hang;
		this.throttleStatus = options.throttleStatus();
	}

	/** Adds {@code fixed} plus a uniformly random {@code 0..jitter} to every answer. */
	public Faults latency(Duration fixed, Duration jitter) {
		if (fixed.isNegative() || jitter.isNegative()) {
			throw new IllegalArgumentException("latency and jitter must not be negative: " + fixed + ", " + jitter);
		}
		state.updateAndGet(s -> new State(fixed, jitter, s.errorRate, s.errorCode, s.errorStatus, s.outage));
		return this;
	}

	/**
	 * Fails this fraction of authenticated calls with {@code code}, answered with the HTTP status VOD uses for it
	 * ({@code Throttling*} → the throttle status, {@code ServiceUnavailable} → 503, {@code InvalidVideo.*} → 404,
	 * {@code Forbidden*} → 403, {@code Invalid*}/{@code Missing*} → 400, anything else → 500). The choice is
	 * deterministic: with rate {@code r}, call {@code n} fails when {@code floor(n·r)} steps up (0.25 = every 4th).
	 */
	public Faults errorRate(double rate, String code) {
		return errorRate(rate, code, ApiError.statusOf(code, throttleStatus));
	}

	/** Fails this fraction of authenticated calls with {@code code} and this HTTP status. */
	public Faults errorRate(double rate, String code, int status) {
		validateError(rate, code, status);
		errorTicks.set(0);
		state.updateAndGet(s -> new State(s.latency, s.jitter, rate, code, status, s.outage));
		return this;
	}

	/** Answers every call with 503 {@code ServiceUnavailable} while on. */
	public Faults outage(boolean on) {
		state.updateAndGet(s -> new State(s.latency, s.jitter, s.errorRate, s.errorCode, s.errorStatus, on));
		return this;
	}

	/** Holds every call unanswered while on; turning it off closes the held connections without an answer. */
	public Faults hang(boolean on) {
		if (on) {
			hang.hold();
		}
		else {
			hang.release();
		}
		return this;
	}

	/** Sets the quota of every action, calls per second (the window restarts empty). */
	public Faults qps(int perSecond) {
		quotas.setAll(perSecond);
		return this;
	}

	/** Sets the quota of one action, calls per second (the window restarts empty). */
	public Faults qps(String action, int perSecond) {
		quotas.set(action, perSecond);
		return this;
	}

	/** Back to the start-up settings: start-up latency and quotas, no errors, no outage, no hang. */
	public Faults clear() {
		state.set(initial);
		errorTicks.set(0);
		quotas.reset();
		hang.release();
		return this;
	}

	/** The fixed latency now added to every answer. */
	public Duration latency() {
		return state.get().latency;
	}

	/** The upper bound of the random latency now added on top of {@link #latency()}. */
	public Duration jitter() {
		return state.get().jitter;
	}

	/** The fraction of calls now failed on purpose. */
	public double errorRate() {
		return state.get().errorRate;
	}

	/** The error code of injected failures. */
	public String errorCode() {
		return state.get().errorCode;
	}

	/** The HTTP status of injected failures. */
	public int errorStatus() {
		return state.get().errorStatus;
	}

	/** Whether the outage fault is on. */
	public boolean outage() {
		return state.get().outage;
	}

	/** Whether the hang fault is on. */
	public boolean hang() {
		return hang.isHolding();
	}

	/** The current quota of one action, calls per second. */
	public int qps(String action) {
		return quotas.limit(action);
	}

	/** The current quotas of every action. */
	public Map<String, Integer> quotas() {
		return quotas.limits();
	}

	/** The current faults as the JSON document of {@code GET /__admin/faults}. */
	public String toJson() {
		State s = state.get();
		JsonWriter json = new JsonWriter(256).beginObject()
				.field("latencyMs", s.latency.toMillis())
				.field("jitterMs", s.jitter.toMillis())
				.rawNumber("errorRate", Double.toString(s.errorRate))
				.field("errorCode", s.errorCode)
				.field("errorStatus", s.errorStatus)
				.field("outage", s.outage)
				.field("hang", hang())
				.beginObject("qps");
		Ledger.ACTIONS.forEach(action -> json.field(action, quotas.limit(action)));
		return json.endObject().endObject().toString();
	}

	@Override
	public String toString() {
		return toJson();
	}

	boolean isOutage() {
		return state.get().outage;
	}

	void validateError(double rate, String code, int status) {
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException("error rate must be within [0, 1]: " + rate);
		}
		if (!code.matches("[A-Za-z][A-Za-z0-9._-]{0,63}") || status < 400 || status > 599) {
			throw new IllegalArgumentException("error code must be a VOD-like code and status 4xx/5xx: " + code
					+ " " + status);
		}
	}

	void validateQps(@Nullable String action, int perSecond) {
		if (perSecond <= 0 || perSecond > EmulatorOptions.MAX_QPS) {
			throw new IllegalArgumentException("qps must be 1-" + EmulatorOptions.MAX_QPS + ": " + perSecond);
		}
		if (action != null && !Ledger.isKnown(action)) {
			throw new IllegalArgumentException("unknown action: " + action + " (known: " + Ledger.ACTIONS + ")");
		}
	}

	int throttleStatus() {
		return throttleStatus;
	}

	/** The injected error for this call, or {@code null} when this call is spared. */
	@Nullable
	ApiError injectedError() {
		State s = state.get();
		if (s.errorRate <= 0) {
			return null;
		}
		long tick = errorTicks.getAndIncrement();
		boolean fails = (long) Math.floor((tick + 1) * s.errorRate) > (long) Math.floor(tick * s.errorRate);
		return fails ? ApiError.injected(s.errorCode, s.errorStatus) : null;
	}

	/** The delay to add to this answer. */
	Duration delay() {
		State s = state.get();
		if (s.jitter.isZero()) {
			return s.latency;
		}
		long jitterNanos = ThreadLocalRandom.current().nextLong(s.jitter.toNanos() + 1);
		return s.latency.plusNanos(jitterNanos);
	}

	private record State(Duration latency, Duration jitter, double errorRate, String errorCode, int errorStatus,
			boolean outage) {
	}
}
