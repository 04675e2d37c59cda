package dev.playgate.gateway.edge;

/** A public route, named as it appears in the {@code endpoint} tag of {@code playgate.requests}. */
enum Endpoint {

	/** {@code GET /v1/videos/{videoId}/play-auth}. */
	PLAY_AUTH("play-auth"),
	/** {@code GET /v1/videos/{videoId}/play-info}. */
	PLAY_INFO("play-info"),
	/** {@code POST /v1/play-auth/batch}. */
	BATCH("batch"),
	/** Any other path under {@code /v1/}. */
	UNROUTED("unrouted");

	private final String tag;

	Endpoint(String tag) {
		this.tag = tag;
	}

	String tag() {
		return tag;
	}
}
