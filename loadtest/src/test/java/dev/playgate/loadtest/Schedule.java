package dev.playgate.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-model arrival schedule built phase by phase, which also remembers its phases so the summary can report
 * each one (the capacity steps, the expiry wave) separately. One virtual user sends one request, so users per second
 * are requests per second. Gatling counts injection steps in whole seconds, so every phase lasts at least one.
 */
final class Schedule {

	/**
	 * One phase of the run, in seconds from the start of the injection.
	 *
	 * @param name     what the phase is, e.g. {@code "step 3"}
	 * @param start    first second
	 * @param end      second after the last
	 * @param fromRate target requests/s at the start
	 * @param toRate   target requests/s at the end
	 * @param users    requests the phase sends
	 */
	record Phase(String name, int start, int end, double fromRate, double toRate, long users) {
	}

	private final List<OpenInjectionStep> steps = new ArrayList<>();
	private final List<Phase> phases = new ArrayList<>();
	private final boolean poisson;
	private int at;

	private Schedule(boolean poisson) {
		this.poisson = poisson;
	}

	/** An empty schedule; {@code -Dpoisson=false} makes constant phases evenly spaced instead of random arrivals. */
	static Schedule open() {
		return new Schedule(!"false".equalsIgnoreCase(Knobs.text("poisson", "true")));
	}

	/** A steady rate, with Poisson arrivals unless {@code -Dpoisson=false}. */
	Schedule constant(String name, double rate, int seconds) {
		requireWholeSeconds(name, seconds);
		var step = constantUsersPerSec(rate).during(Duration.ofSeconds(seconds));
		steps.add(poisson ? step.randomized() : step);
		return add(name, seconds, rate, rate, Math.round(rate * seconds));
	}

	/** A steady rate with evenly spaced arrivals (for keys that must be created together). */
	Schedule even(String name, double rate, int seconds) {
		requireWholeSeconds(name, seconds);
		steps.add(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)));
		return add(name, seconds, rate, rate, Math.round(rate * seconds));
	}

	/** A linear change of rate. */
	Schedule ramp(String name, double from, double to, int seconds) {
		requireWholeSeconds(name, seconds);
		steps.add(rampUsersPerSec(from).to(to).during(Duration.ofSeconds(seconds)));
		return add(name, seconds, from, to, Math.round((from + to) / 2 * seconds));
	}

	/** All these users at once, then nothing for the rest of that second, so the burst is its own phase. */
	Schedule burst(String name, int users) {
		steps.add(atOnceUsers(users));
		steps.add(nothingFor(Duration.ofSeconds(1)));
		return add(name, 1, users, users, users);
	}

	/** No arrivals for a while. */
	Schedule pause(String name, int seconds) {
		requireWholeSeconds(name, seconds);
		steps.add(nothingFor(Duration.ofSeconds(seconds)));
		return add(name, seconds, 0, 0, 0);
	}

	private static void requireWholeSeconds(String name, int seconds) {
		if (seconds < 1) {
			throw new IllegalArgumentException(name + " must last at least 1 s (Gatling counts whole seconds): "
					+ seconds);
		}
	}

	private Schedule add(String name, int seconds, double from, double to, long users) {
		phases.add(new Phase(name, at, at + seconds, from, to, users));
		at += seconds;
		return this;
	}

	/** The injection steps, in order. */
	OpenInjectionStep[] steps() {
		return steps.toArray(OpenInjectionStep[]::new);
	}

	/** The phases, in order. */
	List<Phase> phases() {
		return List.copyOf(phases);
	}

	/** How long the injection lasts, in seconds. */
	int seconds() {
		return Math.max(at, phases.isEmpty() ? 0 : phases.get(phases.size() - 1).end());
	}
}
