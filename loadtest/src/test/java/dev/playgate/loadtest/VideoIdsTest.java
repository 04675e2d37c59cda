package dev.playgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class VideoIdsTest {

	@Test
	void playableIdIsThirtyTwoAlphanumerics() {
		assertThat(VideoIds.playable(1)).matches("[0-9a-zA-Z]{32}").isEqualTo("v" + "0".repeat(30) + "1");
	}

	@Test
	void notFoundIdCarriesTheCataloguePrefix() {
		assertThat(VideoIds.notFound(123)).matches("[0-9a-zA-Z]{32}").startsWith("NOTFOUND").endsWith("123");
	}

	@Test
	void negativeRankIsRefused() {
		assertThatThrownBy(() -> VideoIds.playable(-1)).hasMessageContaining("-1");
	}
}
