package dev.playgate.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class RoutesTest {

	@Test
	void videoIdIsTheSegmentBetweenVideosAndTheSuffix() {
		assertThat(Routes.videoIdOf("/v1/videos/abc/play-auth", Routes.PLAY_AUTH_SUFFIX)).isEqualTo("abc");
		assertThat(Routes.videoIdOf("/v1/videos/abc/play-auth?minValidity=5", Routes.PLAY_AUTH_SUFFIX))
			.isEqualTo("abc");
		assertThat(Routes.videoIdOf("/v1/videos/abc/play-info", Routes.PLAY_INFO_SUFFIX)).isEqualTo("abc");
	}

	@Test
	void otherPathsHaveNoVideoId() {
		assertThat(Routes.videoIdOf("/v1/videos/abc/play-info", Routes.PLAY_AUTH_SUFFIX)).isNull();
		assertThat(Routes.videoIdOf("/v1/videos/a/b/play-auth", Routes.PLAY_AUTH_SUFFIX)).isNull();
		assertThat(Routes.videoIdOf("/v1/videos/abc/play-auth/", Routes.PLAY_AUTH_SUFFIX)).isNull();
		assertThat(Routes.videoIdOf("/v1/videos/abc/play-authx", Routes.PLAY_AUTH_SUFFIX)).isNull();
		assertThat(Routes.videoIdOf("/v2/videos/abc/play-auth", Routes.PLAY_AUTH_SUFFIX)).isNull();
		assertThat(Routes.videoIdOf("/v1/videos/abc", Routes.PLAY_AUTH_SUFFIX)).isNull();
	}

	@Test
	void onlyKnownPathsAllowMethods() {
		assertThat(Routes.allowedMethods("/v1/videos/abc/play-auth")).isEqualTo("GET, HEAD");
		assertThat(Routes.allowedMethods("/v1/play-auth/batch")).isEqualTo("POST");
		assertThat(Routes.allowedMethods("/v1/videos/a/b/play-auth")).isNull();
		assertThat(Routes.allowedMethods("/v1/other")).isNull();
	}
}
