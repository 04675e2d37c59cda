package dev.playgate.gateway.playinfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.playgate.gateway.api.PlayInfoTemplate;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.NoStreamException;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.urlsign.SignatureCheck;
import dev.playgate.gateway.urlsign.UrlSigner;
import reactor.core.publisher.Mono;

/**
 * The play-info stage of {@code local-sign} mode: answers from the video's cached stream catalogue and signs every
 * URL for this request, so upstream calls grow with catalogue changes, not with viewers, time or requested validity.
 *
 * <p>
 * A request's {@code Formats}, {@code Definition} and {@code StreamType} are filtered here, so all of them share one
 * catalogue per video and per {@code OutputType} / {@code ResultType} (fetched with {@code AuthTimeout} =
 * {@code catalogue-ttl}). Each answer gets a random 128-bit {@code rand}, so two viewers never share a type A URL, and
 * the timestamp {@code now + authTimeout}; {@code expiresAt} is that minus the clock-skew margin (the CDN's own
 * validity, added on top, is not counted). Answered as in {@code upstream} mode instead: {@code OutputType=oss}
 * (OSS URLs are not CDN-signed) and any catalogue whose URLs the configured key does not verify.
 */
public final class LocalSignedPlayInfo implements CredentialSource {

	private static final Set<String> FILTERED_LOCALLY = Set.of("Formats", "Definition", "StreamType");
	private static final HexFormat HEX = HexFormat.of();

	private final CatalogueCache catalogues;
	private final UrlSigner signer;
	private final String catalogueTimeout;
	private final Duration clockSkew;
	private final Clock clock;
	private final CredentialSource upstreamMode;

	private LocalSignedPlayInfo(CatalogueCache catalogues, UrlSigner signer, Duration catalogueTtl,
			Duration clockSkew, Clock clock, CredentialSource upstreamMode) {
		this.catalogues = catalogues;
		this.signer = signer;
		this.catalogueTimeout = Long.toString(catalogueTtl.toSeconds());
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.upstreamMode = upstreamMode;
	}

	/** How a play-info request is answered in local-sign mode, given the upstream mode's chain to fall back on. */
	public interface Factory {

		/** The local-sign stage, answering what it must not sign through {@code upstreamMode}. */
		LocalSignedPlayInfo over(CredentialSource upstreamMode);

		/** The readiness detail of URL signing: the type and whether the key verifies VOD's URLs, never the key. */
		Map<String, Object> detail();
	}

	static Factory factory(CatalogueCache catalogues, UrlSigner signer, SigningKeyCheck keyCheck,
			Duration catalogueTtl, Duration clockSkew, Clock clock) {
		return new Factory() {

			@Override
			public LocalSignedPlayInfo over(CredentialSource upstreamMode) {
				return new LocalSignedPlayInfo(catalogues, signer, catalogueTtl, clockSkew, clock, upstreamMode);
			}

			@Override
			public Map<String, Object> detail() {
				return keyCheck.detail();
			}
		};
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		CredentialKey key = request.key();
		if ("oss".equals(key.parameter("OutputType"))) {
			return upstreamMode.fetch(request);
		}
		CredentialRequest catalogue = new CredentialRequest(catalogueKey(key), Duration.ZERO, request.priority());
		return catalogues.fetch(catalogue).flatMap(fetched -> fetched.catalogue().check() == SignatureCheck.VERIFIED
				? sign(request, fetched) : upstreamMode.fetch(request));
	}

	/** The catalogue a play-info key is answered from: the same key without what is filtered here. */
	CredentialKey catalogueKey(CredentialKey key) {
		Map<String, String> parameters = new TreeMap<>(key.parameters());
		parameters.keySet().removeAll(FILTERED_LOCALLY);
		parameters.put("AuthTimeout", catalogueTimeout);
		return CredentialKey.of(key.action(), key.videoId(), parameters);
	}

	private Mono<Served> sign(CredentialRequest request, CatalogueCache.Fetched fetched) {
		CredentialKey key = request.key();
		List<Catalogue.Stream> streams = fetched.catalogue().select(key.parameters());
		if (streams.isEmpty()) {
			return Mono.error(new NoStreamException("no stream matches the requested formats, definition and "
					+ "stream type"));
		}
		Duration timeout = Duration.ofSeconds(Long.parseLong(key.parameter("AuthTimeout")));
		Instant now = clock.instant();
		Instant expiresAt = expiresAt(now, timeout);
		byte[] body = body(key, fetched.catalogue(), streams, now.plus(timeout), expiresAt);
		return Mono.just(new Served(new Credential(key, body, now, expiresAt), status(fetched.status())));
	}

	private Instant expiresAt(Instant now, Duration timeout) {
		return Credential.conservativeExpiry(now, timeout, clockSkew);
	}

	private static CacheStatus status(CacheStatus catalogue) {
		return catalogue == CacheStatus.HIT || catalogue == CacheStatus.STALE ? CacheStatus.SIGNED : catalogue;
	}

	private byte[] body(CredentialKey key, Catalogue catalogue, List<Catalogue.Stream> streams, Instant expiry,
			Instant expiresAt) {
		String rand = rand();
		List<PlayInfoTemplate.Stream> parts = new ArrayList<>(streams.size());
		List<String> urls = new ArrayList<>(streams.size());
		for (Catalogue.Stream stream : streams) {
			parts.add(stream.part());
			urls.add(signer.sign(stream.url(), expiry, rand));
		}
		return catalogue.template().encode(key.videoId(), expiresAt, parts, urls);
	}

	/** 128 random bits in hex: unique per answer; ThreadLocalRandom never blocks (unlike UUID.randomUUID). */
	private static String rand() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
	}

	@Override
	public String toString() {
		return "LocalSignedPlayInfo[" + signer + "]";
	}
}
