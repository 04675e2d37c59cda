package dev.playgate.gateway.local;

import java.time.Duration;
import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CountingSource;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.NoStreamException;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.UpstreamBusyException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.purge.VideoGenerations;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class NegativeCacheTest {

	private final FakeTime time = FakeTime.create();
	private final CacheProperties properties = new CacheProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(60),
			0.75, 0.1, Duration.ofSeconds(10), 1000);
	private final CountingSource upstream = new CountingSource(
			request -> Mono.error(new VideoNotFoundException("no such video")));
	private final VideoGenerations generations = new VideoGenerations();
	private final NegativeCache cache = NegativeCache.of(upstream, properties, time, time,
			new LocalTierMetrics(new SimpleMeterRegistry()), generations);
	private final CredentialRequest request = CredentialRequest.of(
			CredentialKey.of(Action.PLAY_INFO, VideoId.parse("NOTFOUND" + "x".repeat(24)), Map.of()),
			Duration.ofSeconds(60));

	@Test
	void notFoundIsRememberedWithinTheNegativeTtl() {
		StepVerifier.create(cache.fetch(request)).expectError(VideoNotFoundException.class).verify();
		time.advance(Duration.ofSeconds(9));
		StepVerifier.create(cache.fetch(request)).expectError(VideoNotFoundException.class).verify();
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void aRememberedRefusalIsRaisedAtOnce() {
		StepVerifier.create(cache.fetch(request)).expectError(VideoNotFoundException.class).verify();

		assertThatThrownBy(() -> cache.servedAtOnce(request)).isInstanceOf(VideoNotFoundException.class);
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void withNothingRememberedTheNextStageAnswersAtOnce() {
		Served held = CountingSource.issue(request, time.instant(), Duration.ofSeconds(1000));
		CredentialSource next = new CredentialSource() {
			@Override
			public Mono<Served> fetch(CredentialRequest asked) {
				return Mono.just(held);
			}

			@Override
			public Served servedAtOnce(CredentialRequest asked) {
				return held;
			}
		};
		NegativeCache over = NegativeCache.of(next, properties, time, time,
				new LocalTierMetrics(new SimpleMeterRegistry()), generations);

		assertThat(over.servedAtOnce(request)).isSameAs(held);
		assertThat(cache.servedAtOnce(request)).isNull();
	}

	@Test
	void rememberedRefusalExpiresAfterTheNegativeTtl() {
		StepVerifier.create(cache.fetch(request)).expectError(VideoNotFoundException.class).verify();
		time.advance(Duration.ofSeconds(11));
		StepVerifier.create(cache.fetch(request)).expectError(VideoNotFoundException.class).verify();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void noStreamIsRemembered() {
		upstream.answer(r -> Mono.error(new NoStreamException("no stream")));
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		StepVerifier.create(cache.fetch(request)).expectError(NoStreamException.class).verify();
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void throttlingIsNotCached() {
		upstream.answer(r -> Mono.error(new UpstreamBusyException("throttled", Duration.ofSeconds(1))));
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void timeoutsAreNotCached() {
		upstream.answer(r -> Mono.error(new UpstreamTimeoutException("slow")));
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void purgeForgetsTheVideosRefusals() {
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		assertThat(cache.entries(request.key().videoId())).singleElement().satisfies(entry -> {
			assertThat(entry.negative()).isTrue();
			assertThat(entry.detail()).isEqualTo("VIDEO_NOT_FOUND");
			assertThat(entry.expiresAt()).isEqualTo(time.instant().plus(Duration.ofSeconds(10)));
		});
		cache.purge(request.key().videoId());
		assertThat(cache.entries(request.key().videoId())).isEmpty();
		cache.fetch(request).onErrorResume(e -> Mono.empty()).block();
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void refusalInFlightDuringAPurgeIsNotRemembered() {
		Sinks.One<Void> slow = Sinks.one();
		upstream.answer(r -> slow.asMono().then(Mono.error(new NoStreamException("no stream yet"))));
		Mono<Void> first = cache.fetch(request).then().onErrorResume(e -> Mono.empty()).cache();
		first.subscribe();
		cache.purge(request.key().videoId());
		slow.tryEmitEmpty();
		first.block();
		assertThat(cache.entries(request.key().videoId())).isEmpty();
	}
}
