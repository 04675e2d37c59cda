package dev.playgate.gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.AccountQuota;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The last stage: one GetVideoPlayAuth or GetPlayInfo call through the {@link VodClient}, turned into a
 * {@link Credential} whose body is the public JSON answer. VOD returns no expiry, so
 * {@code expiresAt} is the call's start plus the requested timeout minus the clock-skew margin, in whole seconds.
 * Failures become the gateway's exceptions (see {@link VodFailure}); each call is counted and timed, and logged once
 * here when it failed. Before it is sent, each call waits (holding no thread) for its turn in the action's
 * {@link dev.playgate.gateway.budget.SendWindow}.
 */
final class VodUpstream implements CredentialSource {

	private static final Logger log = LoggerFactory.getLogger(VodUpstream.class);

	/** When to retry after the client's queue of calls was full: its calls end within a read timeout or so. */
	private static final Duration SCHEDULER_FULL_RETRY_AFTER = Duration.ofSeconds(1);

	private final VodClient client;
	private final @Nullable String playConfig;
	private final Duration clockSkew;
	private final Clock clock;
	private final Ticker ticker;
	private final UpstreamMetrics metrics;
	private final AccountQuota quota;

	/** A VOD stage sending through {@code client}, each call paced by {@code quota}'s send window of its action. */
	VodUpstream(VodClient client, @Nullable String playDomain, Duration clockSkew, AccountQuota quota, Clock clock,
			Ticker ticker, MeterRegistry registry) {
		this.client = client;
		this.playConfig = VodRequests.playConfig(playDomain);
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.ticker = ticker;
		this.metrics = new UpstreamMetrics(registry);
		this.quota = quota;
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		CredentialKey key = request.key();
		AtomicBoolean abandoned = new AtomicBoolean();
		return Mono.defer(() -> {
			Instant issuedAt = clock.instant();
			VodCall call = call(key, issuedAt);
			return quota.sendWindow(key.action())
				.send(() -> counted(call, issuedAt), hold -> metrics.recordPacing(key.action(), hold));
		})
			.onErrorResume(failure -> abandoned.get() ? quietly(key, failure) : Mono.error(failure))
			.doOnCancel(() -> abandoned.set(true))
			.onErrorMap(RejectedExecutionException.class, full -> new UpstreamBusyException(
					"too many VOD calls are queued; retry later", SCHEDULER_FULL_RETRY_AFTER))
			.map(credential -> new Served(credential, CacheStatus.MISS));
	}

	/**
	 * The call of a key: its validity asked of VOD (a key without one is refused here) and its answer's expiry,
	 * reckoned from before any hold in the send window, which only makes it earlier.
	 */
	private VodCall call(CredentialKey key, Instant issuedAt) {
		Duration timeout = VodRequests.requestedTimeout(key);
		return new VodCall(key, timeout, expiresAt(issuedAt, timeout), key.action() == Action.PLAY_INFO ? playConfig
				: null);
	}

	/** Sends the call, counting and timing it, and logging it once when it fails. */
	private Mono<Credential> counted(VodCall call, Instant issuedAt) {
		CredentialKey key = call.key();
		long start = ticker.read();
		return client.send(call).map(body -> {
			metrics.record(key.action(), CallOutcome.OK, ticker.read() - start);
			return new Credential(key, body, issuedAt, call.expiresAt());
		}).onErrorMap(VodCallException.class, failure -> failed(key, failure, start));
	}

	/**
	 * Nothing, for a call that failed after the caller gave it up (its timeout fired, the caller went away): that
	 * failure has no one to go to, and raising it would only reach Reactor's dropped-error hook, an ERROR line per
	 * late failure while VOD is slow. It is counted in the call metrics all the same.
	 */
	private static Mono<Credential> quietly(CredentialKey key, Throwable failure) {
		log.debug("a VOD call for {} failed after it was given up: {}", key.action(), failure.toString());
		return Mono.empty();
	}

	/** The conservative end of validity ({@link Credential#conservativeExpiry}). */
	Instant expiresAt(Instant issuedAt, Duration timeout) {
		return Credential.conservativeExpiry(issuedAt, timeout, clockSkew);
	}

	private RuntimeException failed(CredentialKey key, VodCallException call, long start) {
		VodFailure failure = call.failure();
		metrics.record(key.action(), failure.outcome(), ticker.read() - start);
		if (failure.needsOperator()) {
			log.error("VOD rejected the gateway's credentials for {}: code={} requestId={}", key, failure.code(),
					call.requestId());
		}
		else if (failure.isUnexpected()) {
			log.warn("VOD call for {} failed: code={} requestId={}", key, failure.code(), call.requestId());
		}
		else {
			log.debug("VOD call for {} ended {}: code={} requestId={}", key, failure.outcome().tag(), failure.code(),
					call.requestId());
		}
		return failure.exception();
	}

	@Override
	public String toString() {
		return "VodUpstream[" + client + "]";
	}
}
