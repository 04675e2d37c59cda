package dev.playgate.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthRequest;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * SDK requests built from calls, and the validity a key asks of VOD. A key's parameters carry VOD's names ({@code AuthInfoTimeout},
 * {@code AuthTimeout}, {@code Formats}, {@code Definition}, {@code StreamType}, {@code OutputType},
 * {@code ResultType}) and values already in VOD's spelling (the edge normalised them, once, when it read the
 * request), so they are sent as they are. Every call gets a fresh request: signing mutates it.
 */
final class VodRequests {

	/** GetVideoPlayAuth's validity parameter, in seconds. */
	static final String AUTH_INFO_TIMEOUT = "AuthInfoTimeout";

	/** GetPlayInfo's play-URL validity parameter, in seconds. */
	static final String AUTH_TIMEOUT = "AuthTimeout";

	private static final JsonFactory JSON = new JsonFactory();

	private VodRequests() {
	}

	/** The validity the key asks of VOD: its {@code AuthInfoTimeout} or {@code AuthTimeout}, always present. */
	static Duration requestedTimeout(CredentialKey key) {
		String name = key.action() == Action.PLAY_AUTH ? AUTH_INFO_TIMEOUT : AUTH_TIMEOUT;
		String value = key.parameter(name);
		try {
			long seconds = value == null ? -1 : Long.parseLong(value);
			if (seconds >= 1) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException ex) {
			// falls through to the refusal below
		}
		throw new InvalidParameterException(name + " must be a positive number of seconds: " + value);
	}

	/** The SDK's GetVideoPlayAuth request of a call. */
	static GetVideoPlayAuthRequest playAuth(VodCall call) {
		GetVideoPlayAuthRequest request = new GetVideoPlayAuthRequest();
		request.setVideoId(call.key().videoId().value());
		request.setAuthInfoTimeout(call.validity().toSeconds());
		return request;
	}

	/** The SDK's GetPlayInfo request of a call, with its play domain's {@code PlayConfig} if any. */
	static GetPlayInfoRequest playInfo(VodCall call) {
		CredentialKey key = call.key();
		GetPlayInfoRequest request = new GetPlayInfoRequest();
		request.setVideoId(key.videoId().value());
		request.setAuthTimeout(call.validity().toSeconds());
		copy(key, "Formats", request::setFormats);
		copy(key, "Definition", request::setDefinition);
		copy(key, "StreamType", request::setStreamType);
		copy(key, "OutputType", request::setOutputType);
		copy(key, "ResultType", request::setResultType);
		if (call.playConfig() != null) {
			request.setPlayConfig(call.playConfig());
		}
		return request;
	}

	/** Sets a parameter the key names, as the key spells it; leaves it to VOD's default when the key has none. */
	private static void copy(CredentialKey key, String name, Consumer<String> setter) {
		String value = key.parameter(name);
		if (value != null) {
			setter.accept(value);
		}
	}

	/** GetPlayInfo's {@code PlayConfig} JSON for a playback domain, or {@code null} for VOD's default domain. */
	static @Nullable String playConfig(@Nullable String playDomain) {
		if (playDomain == null) {
			return null;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(64);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("PlayDomain", playDomain);
			json.writeEndObject();
		}
		return out.toString(StandardCharsets.UTF_8);
	}
}
