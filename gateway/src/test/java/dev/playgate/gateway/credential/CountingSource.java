package dev.playgate.gateway.credential;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * The next stage in unit and component tests of one tier: counts its calls and their cancellations, keeps the
 * requests, and answers as the test says.
 */
public final class CountingSource implements CredentialSource {

	private final AtomicInteger calls = new AtomicInteger();
	private final AtomicInteger cancellations = new AtomicInteger();
	private final List<CredentialRequest> requests = new CopyOnWriteArrayList<>();
	private volatile Function<CredentialRequest, Mono<Served>> answer;

	/** A source answering with {@code answer}. */
	public CountingSource(Function<CredentialRequest, Mono<Served>> answer) {
		this.answer = answer;
	}

	/** Answers every call at once with a credential valid for {@code lifetime} from the clock's now. */
	public static CountingSource issuing(Clock clock, Duration lifetime) {
		return new CountingSource(request -> Mono.just(issue(request, clock.instant(), lifetime)));
	}

	/** A MISS answer to {@code request}, issued at {@code now} and valid for {@code lifetime}. */
	public static Served issue(CredentialRequest request, Instant now, Duration lifetime) {
		return new Served(credential(request.key(), now, lifetime), CacheStatus.MISS);
	}

	/** A credential for {@code key}, issued at {@code issuedAt} and valid for {@code lifetime}. */
	public static Credential credential(CredentialKey key, Instant issuedAt, Duration lifetime) {
		String json = "{\"videoId\":\"" + key.videoId() + "\",\"playAuth\":\"secret-" + issuedAt.toEpochMilli() + "\"}";
		return new Credential(key, json.getBytes(StandardCharsets.UTF_8), issuedAt, issuedAt.plus(lifetime));
	}

	/** From now on, answer like this. */
	public void answer(Function<CredentialRequest, Mono<Served>> next) {
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

	/** How many times this source was called. */
	public int calls() {
		return calls.get();
	}

	/** How many calls were cancelled before they answered. */
	public int cancellations() {
		return cancellations.get();
	}

	/** The requests, in the order they came. */
	public List<CredentialRequest> requests() {
		return requests;
	}
}
