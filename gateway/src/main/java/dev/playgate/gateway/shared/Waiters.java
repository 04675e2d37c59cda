package dev.playgate.gateway.shared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.VideoId;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * This process's requests waiting for a fill message, by key. All waiters of one key share one signal, which the
 * first message for the key completes and removes; whoever still needs a fill after that joins a fresh signal. A
 * signal is removed as soon as its last waiter leaves, so keys whose fill never comes leave nothing behind.
 */
final class Waiters {

	private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();

	/** One fill to wait for; {@code holders} is only touched inside the map's atomic compute calls. */
	private static final class Signal {

		private final CredentialKey key;
		private final Sinks.One<FillMessage> message = Sinks.one();
		private int holders;

		private Signal(CredentialKey key) {
			this.key = key;
		}
	}

	/** One request's place in the wait for {@code key}; must be left exactly once (leaving twice is harmless). */
	final class Ticket {

		private final Signal signal;
		private final AtomicBoolean left = new AtomicBoolean();

		private Ticket(Signal signal) {
			this.signal = signal;
		}

		/** The next message for the key, including one that arrived before this was subscribed. */
		Mono<FillMessage> message() {
			return signal.message.asMono();
		}

		void leave() {
			if (left.compareAndSet(false, true)) {
				signals.computeIfPresent(signal.key.canonical(),
						(canonical, current) -> current == signal && --current.holders == 0 ? null : current);
			}
		}
	}

	/** Starts waiting for the next message on {@code key}'s channel. */
	Ticket join(CredentialKey key) {
		Signal signal = signals.compute(key.canonical(), (canonical, current) -> {
			Signal joined = current == null ? new Signal(key) : current;
			joined.holders++;
			return joined;
		});
		return new Ticket(signal);
	}

	/** Hands a message published for {@code canonical} to its waiters; decoded once, only if someone waits. */
	void deliver(String canonical, byte[] message) {
		Signal signal = signals.remove(canonical);
		if (signal != null) {
			signal.message.tryEmitValue(FillMessage.decode(signal.key, message));
		}
	}

	/** Wakes every waiter without a fill, so they claim again instead of waiting for a message that cannot come. */
	void abandonAll() {
		for (String canonical : signals.keySet()) {
			Signal signal = signals.remove(canonical);
			if (signal != null) {
				signal.message.tryEmitValue(FillMessage.NoFill.ABANDONED);
			}
		}
	}

	/** Wakes the waiters of every key of {@code videoId}, so they claim again after a purge of the video. */
	void abandon(VideoId videoId) {
		signals.forEach((canonical, signal) -> {
			if (signal.key.videoId().equals(videoId) && signals.remove(canonical, signal)) {
				signal.message.tryEmitValue(FillMessage.NoFill.ABANDONED);
			}
		});
	}

	/** How many keys have waiters now. */
	int keys() {
		return signals.size();
	}
}
