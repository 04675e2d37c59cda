package dev.playgate.gateway.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A one-line account of some threads, for the message of a test that timed out waiting for them. */
final class ThreadStates {

	private static final int FRAMES = 3;

	private ThreadStates() {
	}

	/** The threads whose name contains {@code name}: how many, and each one's state and top frames. */
	static String of(String name) {
		ThreadInfo[] threads = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, FRAMES))
			.filter(thread -> thread.getThreadName().contains(name))
			.toArray(ThreadInfo[]::new);
		return threads.length + " threads named *" + name + "*: " + Arrays.stream(threads)
			.map(thread -> thread.getThreadName() + " " + thread.getThreadState() + " at " + Arrays
				.stream(thread.getStackTrace())
				.map(frame -> frame.getClassName() + "." + frame.getMethodName())
				.collect(Collectors.joining(" < ")))
			.collect(Collectors.joining("; "));
	}
}
