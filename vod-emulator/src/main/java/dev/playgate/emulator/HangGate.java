package dev.playgate.emulator;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Holds requests while the hang fault is on. A held request never gets an answer: when the fault is turned off (or
 * the emulator closes) its connection is closed without a response, as a server that died mid-request would.
 */
final class HangGate {

	private volatile Sinks.Empty<Void> release = Sinks.empty();
	private volatile boolean holding;

	boolean isHolding() {
		return holding;
	}

	synchronized void hold() {
		if (!holding) {
			release = Sinks.empty();
			holding = true;
		}
	}

	synchronized void release() {
		holding = false;
		release.tryEmitEmpty();
	}

	/** Completes when the requests held now are released. */
	Mono<Void> released() {
		return release.asMono();
	}
}
