package dev.playgate.gateway.budget;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Hooks;

/**
 * The errors Reactor drops (its {@code onErrorDropped} hook, which logs them as ERROR by default) while a test runs:
 * {@link #record} installs the recorder, {@link #close} puts the default hook back.
 */
final class DroppedErrors implements AutoCloseable {

	private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

	private DroppedErrors() {
	}

	/** Starts recording the errors dropped, in place of the default hook. */
	static DroppedErrors record() {
		DroppedErrors errors = new DroppedErrors();
		Hooks.onErrorDropped(errors.dropped::add);
		return errors;
	}

	/** The errors dropped so far. */
	List<Throwable> dropped() {
		return List.copyOf(dropped);
	}

	@Override
	public void close() {
		Hooks.resetOnErrorDropped();
	}
}
