package dev.playgate.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * The runnable jar's entry point: {@code java -jar vod-emulator.jar --port 18080 --qps 360 ...}. Prints one line
 * when it accepts connections, and closes cleanly on SIGTERM / Ctrl-C.
 */
public final class Main {

	private Main() {
	}

	/** Starts an emulator from command-line flags ({@code --help} lists them) and runs until the JVM is stopped. */
	public static void main(String[] args) throws InterruptedException {
		Flags flags;
		try {
			flags = Flags.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("vod-emulator: " + ex.getMessage());
			System.err.print(Flags.usage());
			System.exit(2);
			return;
		}
		if (flags.isHelp()) {
			System.out.print(Flags.usage());
			return;
		}
		Warmup.run(flags.options(), flags.warmupCalls());
		VodEmulator emulator = VodEmulator.start(flags.options(), flags.cdn());
		flags.applyFaults(emulator.faults());
		flags.applyCallbacks(emulator);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.close();
			stopped.countDown();
		}, "vod-emulator-shutdown"));
		System.out.println("vod-emulator ready on " + emulator.endpoint());
		System.out.flush();
		stopped.await();
	}
}
