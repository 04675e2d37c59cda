package dev.playgate.emulator;

/** How the per-action quota counts calls in one second. */
public enum QuotaWindow {

	/** At most {@code qps} admitted calls in any one-second window ending at a call (the strictest reading). */
	SLIDING,

	/** At most {@code qps} admitted calls per calendar second of the emulator's clock. */
	FIXED
}
