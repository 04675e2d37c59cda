package dev.playgate.loadtest.summary;

/**
 * One phase of a run's arrival schedule (from {@code client.json}), in seconds from the start of the injection.
 *
 * @param name     e.g. {@code ramp-up}, {@code step 3}, {@code burst}
 * @param start    first second
 * @param end      second after the last
 * @param fromRate target requests/s at the start
 * @param toRate   target requests/s at the end
 * @param users    requests the phase sends
 */
public record Phase(String name, int start, int end, double fromRate, double toRate, long users) {

	/** The rate the phase aims at: its users for a burst, else the average of its start and end rates. */
	public double targetRate() {
		return "burst".equals(name) ? users : (fromRate + toRate) / 2;
	}
}
