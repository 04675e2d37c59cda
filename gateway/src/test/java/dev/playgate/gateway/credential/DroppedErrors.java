package dev.playgate.gateway.credential;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Hooks;

/**
 * The errors Reactor drops (its {@code onErrorDropped} hook, which logs them as ERROR by default) while a test runs:
 * {@link #record} installs the recorder, {@link #close} puts the default hook back.
 */
public final class DroppedErrors implements AutoCloseable {

	private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

	private DroppedErrors() {
	}

	/** Starts recording the errors dropped, in place of the default hook. */
	public static DroppedErrors record() {
		DroppedErrors errors = new DroppedErrors();
		Hooks.onErrorDropped(errors.dropped::add);
		return errors;
	}

	/** The errors dropped so far. */
	public List<Throwable> dropped() {
		return List.copyOf(dropped);
	}

	@Override
	public void close() {
		Hooks.resetOnErrorDropped();
	}
}
