package dev.playgate.gateway.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import org.jspecify.annotations.Nullable;

/**
 * One GetVideoPlayAuth or GetPlayInfo call: the key it answers, the validity it asks of VOD, the end of validity
 * its answer states, and the play domain's {@code PlayConfig} (GetPlayInfo only).
 *
 * @param key the credential key; its parameters carry VOD's names and spelling (the edge normalised them)
 * @param validity the validity asked of VOD ({@code AuthInfoTimeout} or {@code AuthTimeout})
 * @param expiresAt the conservative end of validity written into the answer
 * @param playConfig GetPlayInfo's {@code PlayConfig} JSON, or {@code null} for VOD's default domain
 */
record VodCall(CredentialKey key, Duration validity, Instant expiresAt, @Nullable String playConfig) {

	/** GetPlayInfo's optional parameters, sent as the key spells them when it has them. */
	static final List<String> PLAY_INFO_OPTIONS = List.of("Formats", "Definition", "StreamType", "OutputType",
			"ResultType");

	/** VOD's name of the call's action. */
	String actionName() {
		return key.action() == Action.PLAY_AUTH ? "GetVideoPlayAuth" : "GetPlayInfo";
	}

	/** The call's own parameters in VOD's names (no common or signature parameters), in a stable order. */
	Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("VideoId", key.videoId().value());
		if (key.action() == Action.PLAY_AUTH) {
			parameters.put(VodRequests.AUTH_INFO_TIMEOUT, Long.toString(validity.toSeconds()));
			return parameters;
		}
		parameters.put(VodRequests.AUTH_TIMEOUT, Long.toString(validity.toSeconds()));
		for (String name : PLAY_INFO_OPTIONS) {
			String value = key.parameter(name);
			if (value != null) {
				parameters.put(name, value);
			}
		}
		if (playConfig != null) {
			parameters.put("PlayConfig", playConfig);
		}
		return parameters;
	}
}
