package dev.playgate.gateway.shared;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import reactor.core.publisher.Mono;

/** The stage behind the shared tier in component tests: counts its calls and answers as told (by default, later). */
final class CountingSource implements CredentialSource {

	private final AtomicInteger calls = new AtomicInteger();
	private volatile Function<CredentialRequest, Mono<Served>> behaviour;

	private CountingSource(Function<CredentialRequest, Mono<Served>> behaviour) {
		this.behaviour = behaviour;
	}

	/** Answers every call with a fresh credential valid for {@code lifetime}, after {@code delay}. */
	static CountingSource answering(Clock clock, Duration lifetime, Duration delay) {
		return new CountingSource(request -> Mono.delay(delay)
			.map(tick -> new Served(credential(request.key(), clock.instant(), lifetime), CacheStatus.MISS)));
	}

	static Credential credential(CredentialKey key, Instant issuedAt, Duration lifetime) {
		String json = "{\"videoId\":\"" + key.videoId() + "\",\"playAuth\":\"secret-" + issuedAt.toEpochMilli() + "\"}";
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		return new Credential(key, body, issuedAt, issuedAt.plus(lifetime));
	}

	/** From now on, behave like this. */
	void behave(Function<CredentialRequest, Mono<Served>> next) {
		this.behaviour = next;
	}

	int calls() {
		return calls.get();
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		calls.incrementAndGet();
		return behaviour.apply(request);
	}
}
