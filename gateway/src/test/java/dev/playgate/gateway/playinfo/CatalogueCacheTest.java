package dev.playgate.gateway.playinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.time.FakeTime;
import dev.playgate.gateway.urlsign.SignatureCheck;
import dev.playgate.gateway.urlsign.SigningType;
import dev.playgate.gateway.urlsign.UnsignedUrl;
import dev.playgate.gateway.urlsign.UrlSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

final class CatalogueCacheTest {

	private static final String KEY = "unitTestKey1";
	private static final VideoId VIDEO = VideoId.parse("a".repeat(31) + "1");
	private static final VideoId OTHER = VideoId.parse("b".repeat(31) + "1");

	private final FakeTime time = FakeTime.create();
	private final UrlSigner signer = UrlSigner.of(SigningType.A, KEY);
	private final Upstream upstream = new Upstream();
	private final CatalogueCache cache = new CatalogueCache(upstream, signer,
			new SigningKeyCheck(SigningType.A, time, new SimpleMeterRegistry()), 1 << 20, time, time);

	@Test
	void concurrentMissesShareOneLoad() {
		List<CatalogueCache.Fetched> fetched = new ArrayList<>();
		cache.fetch(request(VIDEO)).subscribe(fetched::add);
		cache.fetch(request(VIDEO)).subscribe(fetched::add);

		upstream.complete(0, signer);

		assertThat(upstream.calls.get()).isEqualTo(1);
		assertThat(fetched).extracting(CatalogueCache.Fetched::status)
			.containsExactlyInAnyOrder(CacheStatus.MISS, CacheStatus.COALESCED);
		assertThat(cache.fetch(request(VIDEO)).block().status()).isEqualTo(CacheStatus.HIT);
		assertThat(fetched.get(0).catalogue().check()).isEqualTo(SignatureCheck.VERIFIED);
	}

	@Test
	void failedLoadIsNotHeld() {
		upstream.failNext = true;
		assertThat(cache.fetch(request(VIDEO)).onErrorResume(e -> Mono.empty()).block()).isNull();

		cache.fetch(request(VIDEO)).subscribe();
		upstream.complete(1, signer);

		assertThat(upstream.calls.get()).isEqualTo(2);
		assertThat(cache.fetch(request(VIDEO)).block().status()).isEqualTo(CacheStatus.HIT);
	}

	@Test
	void loadInFlightAtAPurgeDoesNotPutThePurgedCatalogueBack() {
		List<CatalogueCache.Fetched> before = new ArrayList<>();
		cache.fetch(request(VIDEO)).subscribe(before::add);

		cache.purge(VIDEO);
		List<CatalogueCache.Fetched> after = new ArrayList<>();
		cache.fetch(request(VIDEO)).subscribe(after::add);
		upstream.complete(0, signer);

		assertThat(before).hasSize(1);
		assertThat(after).isEmpty();
		assertThat(upstream.calls.get()).isEqualTo(2);
		upstream.complete(1, signer);
		assertThat(after).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(CacheStatus.MISS));
	}

	@Test
	void purgeDropsOnlyThatVideosCatalogues() {
		load(VIDEO);
		load(OTHER);

		cache.purge(VIDEO);

		assertThat(cache.fetch(request(OTHER)).block().status()).isEqualTo(CacheStatus.HIT);
		cache.fetch(request(VIDEO)).subscribe();
		assertThat(upstream.calls.get()).isEqualTo(3);
	}

	@Test
	void catalogueIsNotTrustedPastItsTtl() {
		load(VIDEO);

		time.advance(Duration.ofMinutes(59));
		CacheStatus stillTrusted = cache.fetch(request(VIDEO)).block().status();
		time.advance(Duration.ofMinutes(1));
		cache.fetch(request(VIDEO)).subscribe();

		assertThat(stillTrusted).isEqualTo(CacheStatus.HIT);
		assertThat(upstream.calls.get()).isEqualTo(2);
	}

	@Test
	void catalogueSignedWithAnotherKeyReadsAsMismatch() {
		cache.fetch(request(VIDEO)).subscribe();
		upstream.complete(0, UrlSigner.of(SigningType.A, "someOtherKey"));

		assertThat(cache.fetch(request(VIDEO)).block().catalogue().check()).isEqualTo(SignatureCheck.MISMATCH);
	}

	private void load(VideoId video) {
		int index = upstream.pending.size();
		cache.fetch(request(video)).subscribe();
		upstream.complete(index, signer);
	}

	private static CredentialRequest request(VideoId video) {
		return CredentialRequest.of(CredentialKey.of(Action.PLAY_INFO, video, Map.of("AuthTimeout", "3600")),
				Duration.ZERO);
	}

	/** A next tier whose answers the test releases one by one. */
	private final class Upstream implements CredentialSource {

		final AtomicInteger calls = new AtomicInteger();
		final List<Sinks.One<Served>> pending = new ArrayList<>();
		final List<CredentialKey> keys = new ArrayList<>();
		boolean failNext;

		@Override
		public Mono<Served> fetch(CredentialRequest request) {
			calls.incrementAndGet();
			if (failNext) {
				failNext = false;
				pending.add(Sinks.one());
				keys.add(request.key());
				return Mono.error(new UpstreamBusyException("busy", Duration.ofSeconds(1)));
			}
			Sinks.One<Served> sink = Sinks.one();
			pending.add(sink);
			keys.add(request.key());
			return sink.asMono();
		}

		void complete(int index, UrlSigner vodSigner) {
			CredentialKey key = keys.get(index);
			Instant now = time.instant();
			String url = vodSigner.sign(UnsignedUrl.parse("https://vod.example.com/v/" + key.videoId().value()
					+ "/hd.m3u8"), now.plusSeconds(3600), "0");
			String body = "{\"videoId\":\"" + key.videoId().value() + "\",\"expiresAt\":\"x\",\"videoBase\":"
					+ "{\"title\":\"t\",\"status\":\"Normal\"},\"playInfos\":[{\"playUrl\":\"" + url
					+ "\",\"definition\":\"HD\",\"format\":\"m3u8\",\"streamType\":\"video\"}],\"requestId\":\"r\"}";
			Credential credential = new Credential(key, body.getBytes(StandardCharsets.UTF_8), now,
					now.plusSeconds(3600));
			pending.get(index).tryEmitValue(new Served(credential, CacheStatus.MISS));
		}
	}
}
