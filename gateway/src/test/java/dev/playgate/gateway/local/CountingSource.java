package dev.playgate.gateway.local;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import reactor.core.publisher.Mono;

/** A next stage for unit tests of one tier: counts calls, and answers as the test says. */
final class CountingSource implements CredentialSource {

	private final AtomicInteger calls = new AtomicInteger();
	private final AtomicInteger cancellations = new AtomicInteger();
	private final List<CredentialRequest> requests = new CopyOnWriteArrayList<>();
	private volatile Function<CredentialRequest, Mono<Served>> answer;

	CountingSource(Function<CredentialRequest, Mono<Served>> answer) {
		this.answer = answer;
	}

	/** A source issuing credentials valid for {@code lifetime} from the clock's now. */
	static CountingSource issuing(Clock clock, Duration lifetime) {
		return new CountingSource(request -> Mono.just(issue(request, clock.instant(), lifetime)));
	}

	static Served issue(CredentialRequest request, Instant now, Duration lifetime) {
		byte[] body = ("{\"videoId\":\"" + request.key().videoId() + "\",\"at\":\"" + now + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		return new Served(new Credential(request.key(), body, now, now.plus(lifetime)), CacheStatus.MISS);
	}

	void answer(Function<CredentialRequest, Mono<Served>> next) {
		this.answer = next;
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		return Mono.defer(() -> {
			calls.incrementAndGet();
			requests.add(request);
			return answer.apply(request);
		}).doOnCancel(cancellations::incrementAndGet);
	}

	int calls() {
		return calls.get();
	}

	int cancellations() {
		return cancellations.get();
	}

	List<CredentialRequest> requests() {
		return requests;
	}
}
