package dev.playgate.emulator;

import java.time.Instant;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator for a test class, registered with {@code @RegisterExtension}: started before the first test, closed
 * after the last, and before each test cleared of faults and counts (and, when it has one, its clock set back to the
 * current whole second).
 */
final class EmulatorUnderTest implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

	private final UnaryOperator<EmulatorOptions> options;
	private final @Nullable MutableClock clock;
	private @Nullable VodEmulator emulator;

	private EmulatorUnderTest(UnaryOperator<EmulatorOptions> options, @Nullable MutableClock clock) {
		this.options = options;
		this.clock = clock;
	}

	/** An emulator on the default options as {@code options} changes them, on the system clock. */
	static EmulatorUnderTest of(UnaryOperator<EmulatorOptions> options) {
		return new EmulatorUnderTest(options, null);
	}

	/** The same, on a clock the tests move by hand. */
	static EmulatorUnderTest withMovableClock(UnaryOperator<EmulatorOptions> options) {
		return new EmulatorUnderTest(options, MutableClock.ofNow());
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		EmulatorOptions defaults = EmulatorOptions.defaults();
		emulator = VodEmulator.start(options.apply(clock == null ? defaults : defaults.withClock(clock)));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (emulator != null) {
			emulator.close();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (clock != null) {
			clock.set(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
		}
		emulator().faults().clear();
		emulator().reset();
	}

	/** The running emulator. */
	VodEmulator emulator() {
		if (emulator == null) {
			throw new IllegalStateException("the emulator starts before the first test");
		}
		return emulator;
	}

	/** The emulator's clock; only for {@link #withMovableClock}. */
	MutableClock clock() {
		if (clock == null) {
			throw new IllegalStateException("this emulator runs on the system clock");
		}
		return clock;
	}
}
