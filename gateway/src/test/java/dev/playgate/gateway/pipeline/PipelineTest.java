package dev.playgate.gateway.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import dev.playgate.gateway.credential.VideoId;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the pipeline turns its one stage list into each action's chain, and the names it reports. */
final class PipelineTest {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void aRequestMeetsTheStagesInListOrder() {
		Pipeline pipeline = Pipeline.of(List.of(Stage.of("a", next -> marking("a", next)),
				Stage.of("b", next -> marking("b", next)), Stage.answering("bottom", answering("bottom"))));

		assertThat(trail(pipeline, Action.PLAY_INFO)).isEqualTo("a>b>bottom");
		assertThat(trail(pipeline, Action.PLAY_AUTH)).isEqualTo("a>b>bottom");
	}

	@Test
	void anActionAnsweredByItsOwnStageSkipsEverythingBelowIt() {
		Pipeline pipeline = Pipeline.of(List.of(Stage.answering("minted", Action.PLAY_AUTH, answering("minted")),
				Stage.of("cache", next -> marking("cache", next)), Stage.answering("upstream", answering("upstream"))));

		assertThat(trail(pipeline, Action.PLAY_AUTH)).isEqualTo("minted");
		assertThat(trail(pipeline, Action.PLAY_INFO)).isEqualTo("cache>upstream");
	}

	@Test
	void anAnswerAtOnceComesFromTheRequestsOwnChain() {
		Pipeline pipeline = Pipeline.of(List.of(Stage.answering("minted", Action.PLAY_AUTH, atOnce("minted")),
				Stage.of("cache", next -> marking("cache", next)), Stage.answering("upstream", atOnce("upstream"))));

		Served minted = pipeline.servedAtOnce(request(Action.PLAY_AUTH));
		assertThat(new String(minted.credential().body(), StandardCharsets.US_ASCII)).isEqualTo("minted");
		assertThat(pipeline.servedAtOnce(request(Action.PLAY_INFO))).isNull();
	}

	@Test
	void actionsWhoseChainsEndAlikeShareTheStageInstances() {
		AtomicInteger built = new AtomicInteger();
		Pipeline.of(List.of(new Stage("signing", java.util.Set.of(Action.PLAY_INFO), false, next -> marking("s", next)),
				Stage.of("cache", next -> {
					built.incrementAndGet();
					return marking("cache", next);
				}), Stage.answering("upstream", answering("upstream"))));

		assertThat(built).hasValue(1);
	}

	@Test
	void theNamesAreReadOffTheStageList() {
		Pipeline pipeline = Pipeline.of(List.of(Stage.of("negative-cache", next -> marking("n", next)),
				Stage.of("local", next -> marking("l", next)), Stage.answering("upstream", answering("u"))));

		assertThat(pipeline.tiers()).containsExactly("negative-cache", "local", "upstream");
		assertThat(pipeline.describe()).isEqualTo("negative-cache -> local -> upstream");
		assertThat(pipeline.chains()).containsEntry("play-auth", List.of("negative-cache", "local", "upstream"))
			.containsEntry("play-info", List.of("negative-cache", "local", "upstream"));
	}

	@Test
	void chainsThatDifferAreDescribedPerAction() {
		Pipeline pipeline = Pipeline.of(List.of(Stage.answering("local-jwt", Action.PLAY_AUTH, answering("j")),
				Stage.of("local", next -> marking("l", next)), Stage.answering("upstream", answering("u"))));

		assertThat(pipeline.describe()).isEqualTo("play-auth: local-jwt; play-info: local -> upstream");
		assertThat(pipeline.tiers()).containsExactly("local-jwt", "local", "upstream");
	}

	@Test
	void anActionThatNoStageAnswersIsRefusedAtAssembly() {
		assertThatThrownBy(() -> Pipeline.of(List.of(Stage.of("local", next -> marking("l", next)),
				Stage.answering("minted", Action.PLAY_AUTH, answering("m")))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("PLAY_INFO");
	}

	@Test
	void twoStagesWithOneNameAreRefusedAtAssembly() {
		assertThatThrownBy(() -> Pipeline.of(List.of(Stage.of("local", next -> marking("l", next)),
				Stage.answering("local", answering("u")))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("local");
	}

	@Test
	void closingThePipelineClosesEachStageThatHoldsResourcesOnce() {
		AtomicInteger closed = new AtomicInteger();
		Pipeline pipeline = Pipeline.of(List.of(Stage.of("holding", next -> new Holding(next, closed)),
				Stage.answering("upstream", answering("u"))));

		pipeline.close();

		assertThat(closed).hasValue(1);
	}

	private static String trail(Pipeline pipeline, Action action) {
		CredentialKey key = CredentialKey.of(action, VideoId.parse("0".repeat(32)), Map.of());
		Served served = pipeline.fetch(CredentialRequest.of(key, Duration.ZERO)).block();
		return new String(served.credential().body(), StandardCharsets.US_ASCII);
	}

	private static CredentialRequest request(Action action) {
		return CredentialRequest.of(CredentialKey.of(action, VideoId.parse("0".repeat(32)), Map.of()), Duration.ZERO);
	}

	/** A bottom stage that also answers at once, with its own name as the body. */
	private static CredentialSource atOnce(String name) {
		CredentialSource fetching = answering(name);
		return new CredentialSource() {
			@Override
			public Mono<Served> fetch(CredentialRequest request) {
				return fetching.fetch(request);
			}

			@Override
			public Served servedAtOnce(CredentialRequest request) {
				return fetching.fetch(request).block();
			}
		};
	}

	/** A bottom stage answering with its own name as the body. */
	private static CredentialSource answering(String name) {
		return request -> Mono.just(new Served(
				new Credential(request.key(), name.getBytes(StandardCharsets.US_ASCII), NOW, NOW.plusSeconds(60)),
				CacheStatus.MISS));
	}

	/** A stage that puts its name in front of what the next one answered. */
	private static CredentialSource marking(String name, CredentialSource next) {
		return request -> next.fetch(request).map(served -> {
			Credential below = served.credential();
			byte[] body = (name + ">" + new String(below.body(), StandardCharsets.US_ASCII))
				.getBytes(StandardCharsets.US_ASCII);
			return new Served(new Credential(below.key(), body, below.issuedAt(), below.expiresAt()), served.status());
		});
	}

	private record Holding(CredentialSource next, AtomicInteger closed) implements CredentialSource, AutoCloseable {

		@Override
		public Mono<Served> fetch(CredentialRequest request) {
			return next.fetch(request);
		}

		@Override
		public void close() {
			closed.incrementAndGet();
		}
	}
}
