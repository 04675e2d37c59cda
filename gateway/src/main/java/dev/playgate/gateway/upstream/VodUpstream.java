package dev.playgate.gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
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
 * The last stage: one GetVideoPlayAuth or GetPlayInfo call through the real SDK, on the client's bounded scheduler,
 * turned into a {@link Credential} whose body is the public JSON answer. VOD returns no expiry, so
 * {@code expiresAt} is the call's start plus the requested timeout minus the clock-skew margin, in whole seconds.
 * Failures become the gateway's exceptions (see {@link VodFailure}); each call is counted and timed, and logged once
 * here when it failed. Before it is sent, each call waits (holding no thread) for its turn in the action's
 * {@link dev.playgate.gateway.budget.SendWindow}.
 */
final class VodUpstream implements CredentialSource {

	private static final Logger log = LoggerFactory.getLogger(VodUpstream.class);

	/** When to retry after the SDK scheduler's queue was full: its calls end within a read timeout or so. */
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
		return quota.sendWindow(key.action())
			.send(() -> callUnlessAbandoned(key, abandoned), client.scheduler(),
					hold -> metrics.recordPacing(key.action(), hold))
			.subscribeOn(client.scheduler())
			.doOnCancel(() -> abandoned.set(true))
			.onErrorMap(RejectedExecutionException.class, full -> new UpstreamBusyException(
					"too many VOD calls are queued; retry later", SCHEDULER_FULL_RETRY_AFTER))
			.map(credential -> new Served(credential, CacheStatus.MISS));
	}

	/**
	 * The call's credential, or nothing when it failed after the caller gave it up (its timeout fired, the caller
	 * went away): that failure has no one to go to, and raising it would only reach Reactor's dropped-error hook,
	 * an ERROR line per late failure while VOD is slow. It is counted in the call metrics all the same.
	 */
	private @Nullable Credential callUnlessAbandoned(CredentialKey key, AtomicBoolean abandoned) {
		try {
			return call(key);
		}
		catch (RuntimeException failure) {
			if (abandoned.get()) {
				log.debug("a VOD call for {} failed after it was given up: {}", key.action(), failure.toString());
				return null;
			}
			throw failure;
		}
	}

	/** Makes the blocking call; runs on the client's scheduler only. */
	private Credential call(CredentialKey key) {
		Duration timeout = VodRequests.requestedTimeout(key);
		Instant issuedAt = clock.instant();
		long start = ticker.read();
		try {
			Credential credential = send(key, timeout, issuedAt);
			metrics.record(key.action(), CallOutcome.OK, ticker.read() - start);
			return credential;
		}
		catch (ServerException ex) {
			throw failed(key, VodFailure.ofServer(ex), ex.getRequestId(), start);
		}
		catch (ClientException ex) {
			throw failed(key, VodFailure.ofClient(ex, key.videoId()), ex.getRequestId(), start);
		}
		catch (RuntimeException ex) {
			// the SDK's parser throws unchecked exceptions on malformed answers (e.g. 640.0 for an integer field)
			throw failed(key, VodFailure.ofUnreadableAnswer(ex), null, start);
		}
	}

	private Credential send(CredentialKey key, Duration timeout, Instant issuedAt) throws ClientException {
		Instant expiresAt = expiresAt(issuedAt, timeout);
		if (key.action() == Action.PLAY_AUTH) {
			GetVideoPlayAuthResponse response = client.call(VodRequests.playAuth(key, timeout));
			return new Credential(key, VodAnswers.playAuth(key.videoId(), response, expiresAt).encode(), issuedAt,
					expiresAt);
		}
		GetPlayInfoResponse response = client.call(VodRequests.playInfo(key, timeout, playConfig));
		return new Credential(key, VodAnswers.playInfo(key.videoId(), response, expiresAt).encode(), issuedAt,
				expiresAt);
	}

	/** The conservative end of validity ({@link Credential#conservativeExpiry}). */
	Instant expiresAt(Instant issuedAt, Duration timeout) {
		return Credential.conservativeExpiry(issuedAt, timeout, clockSkew);
	}

	private RuntimeException failed(CredentialKey key, VodFailure failure, @Nullable String requestId, long start) {
		metrics.record(key.action(), failure.outcome(), ticker.read() - start);
		if (failure.needsOperator()) {
			log.error("VOD rejected the gateway's credentials for {}: code={} requestId={}", key, failure.code(),
					requestId);
		}
		else if (failure.isUnexpected()) {
			log.warn("VOD call for {} failed: code={} requestId={}", key, failure.code(), requestId);
		}
		else {
			log.debug("VOD call for {} ended {}: code={} requestId={}", key, failure.outcome().tag(), failure.code(),
					requestId);
		}
		return failure.exception();
	}

	@Override
	public String toString() {
		return "VodUpstream[" + client + "]";
	}
}
