package dev.playgate.gateway.credential;

/** An upstream VOD API whose results playgate caches; each has its own account-wide quota. */
public enum Action {
	/** GetVideoPlayAuth: a PlayAuth credential for the ApsaraVideo Player. */
	PLAY_AUTH("GetVideoPlayAuth", "play-auth"),
	/** GetPlayInfo: signed play URLs of a video's streams. */
	PLAY_INFO("GetPlayInfo", "play-info");

	private final String apiName;
	private final String pathSegment;

	Action(String apiName, String pathSegment) {
		this.apiName = apiName;
		this.pathSegment = pathSegment;
	}

	/** The VOD OpenAPI action name, as sent in {@code Action=}. */
	public String apiName() {
		return apiName;
	}

	/** The last path segment of this action's public route, also used as a tag value in metrics. */
	public String pathSegment() {
		return pathSegment;
	}
}
