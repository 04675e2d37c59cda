package dev.playgate.gateway.edge;

import dev.playgate.gateway.credential.Action;

/** A public route, named as it appears in the {@code endpoint} tag of {@code playgate.requests}. */
enum Endpoint {

	/** {@code GET /v1/videos/{videoId}/play-auth}. */
	PLAY_AUTH("play-auth", Action.PLAY_AUTH),
	/** {@code GET /v1/videos/{videoId}/play-info}. */
	PLAY_INFO("play-info", Action.PLAY_INFO),
	/** {@code POST /v1/play-auth/batch}. */
	BATCH("batch", Action.PLAY_AUTH),
	/** Any other path under {@code /v1/}. */
	UNROUTED("unrouted", Action.PLAY_AUTH);

	private final String tag;
	private final Action action;

	Endpoint(String tag, Action action) {
		this.tag = tag;
		this.action = action;
	}

	String tag() {
		return tag;
	}

	Action action() {
		return action;
	}
}
