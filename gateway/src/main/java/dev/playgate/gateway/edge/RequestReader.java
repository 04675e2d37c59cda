package dev.playgate.gateway.edge;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import dev.playgate.gateway.credential.ClientText;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;

/**
 * Turns a route's video id and query parameters into a {@link CredentialRequest}: validates every value, normalises
 * it (trimmed, case-folded, lists sorted and deduplicated) under the name and in the spelling VOD uses, and fills in
 * the gateway's defaults, so equivalent requests produce the same key, which the upstream sends as it is. This is the
 * only place parameters are normalised. Unknown parameters are ignored (players add cache-busters);
 * a known one with a bad value is refused before it can cost an upstream call.
 */
final class RequestReader {

	private static final Set<String> FORMATS = Set.of("mp4", "m3u8", "mp3", "flv", "mpd");
	private static final Set<String> DEFINITIONS = Set.of("FD", "LD", "SD", "HD", "OD", "2K", "4K", "SQ", "HQ", "AUTO");
	private static final Set<String> STREAM_TYPES = Set.of("video", "audio");
	private static final Set<String> OUTPUT_TYPES = Set.of("oss", "cdn");
	private static final long MAX_AUTH_TIMEOUT_SECONDS = Duration.ofDays(30).toSeconds();

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final RequestDefaults defaults;
	private final long defaultAuthInfoTimeout;
	private final long clockSkewNanos;
	/** The default least validity in whole seconds, as most requests ask: one instance rather than one each. */
	private final Duration commonMinValidity;
	/** The parameters of every play-auth request with the default timeout: shared by all their keys. */
	private final CredentialKey.Parameters defaultPlayAuth;

	RequestReader(RequestDefaults defaults) {
		this.defaults = defaults;
		this.defaultAuthInfoTimeout = defaults.authInfoTimeout().toSeconds();
		this.defaultPlayAuth = playAuthParameters(defaultAuthInfoTimeout);
		this.clockSkewNanos = defaults.clockSkew().toNanos();
		this.commonMinValidity = Duration.ofSeconds(defaults.minValidity().toSeconds());
	}

	/** A GetVideoPlayAuth request: {@code authInfoTimeout} (100–3000 s) and {@code minValidity} (s). */
	CredentialRequest playAuth(CharSequence videoId, QueryParameters query) {
		VideoId id = VideoId.parse(videoId);
		long timeout = query.seconds("authInfoTimeout", 100, 3000, defaultAuthInfoTimeout);
		CredentialKey.Parameters upstream = timeout == defaultAuthInfoTimeout ? defaultPlayAuth
				: playAuthParameters(timeout);
		return request(Action.PLAY_AUTH, id, upstream, timeout, "authInfoTimeout", query);
	}

	private static CredentialKey.Parameters playAuthParameters(long timeout) {
		return CredentialKey.Parameters.of(Map.of("AuthInfoTimeout", Long.toString(timeout)));
	}

	/** A GetPlayInfo request: {@code formats}, {@code definition}, {@code streamType}, {@code outputType}, etc. */
	CredentialRequest playInfo(CharSequence videoId, QueryParameters query) {
		VideoId id = VideoId.parse(videoId);
		long timeout = query.seconds("authTimeout", 1, MAX_AUTH_TIMEOUT_SECONDS, defaults.authTimeout().toSeconds());
		Map<String, String> upstream = new TreeMap<>();
		upstream.put("AuthTimeout", Long.toString(timeout));
		putList(upstream, "Formats", query.value("formats"), FORMATS, v -> v.toLowerCase(Locale.ROOT), "formats");
		putList(upstream, "Definition", query.value("definition"), DEFINITIONS, v -> v.toUpperCase(Locale.ROOT),
				"definition");
		putList(upstream, "StreamType", query.value("streamType"), STREAM_TYPES, v -> v.toLowerCase(Locale.ROOT),
				"streamType");
		putList(upstream, "OutputType", query.value("outputType"), OUTPUT_TYPES, v -> v.toLowerCase(Locale.ROOT),
				"outputType");
		String resultType = resultType(query.value("resultType"));
		if (resultType != null) {
			upstream.put("ResultType", resultType);
		}
		return request(Action.PLAY_INFO, id, CredentialKey.Parameters.of(upstream), timeout, "authTimeout", query);
	}

	private CredentialRequest request(Action action, VideoId id, CredentialKey.Parameters upstream,
			long timeoutSeconds, String timeoutName, QueryParameters query) {
		long usable = Math.floorDiv(timeoutSeconds * NANOS_PER_SECOND - clockSkewNanos, NANOS_PER_SECOND);
		long defaultMin = Math.min(defaults.minValidity().toSeconds(), Math.max(usable - 1, 0));
		long minValidity = query.seconds("minValidity", 0, Long.MAX_VALUE, defaultMin);
		if (minValidity >= usable) {
			throw new InvalidParameterException("minValidity must be less than " + timeoutName
					+ " minus the clock-skew margin (" + usable + "s here), got " + minValidity + "s");
		}
		Duration least = minValidity == commonMinValidity.getSeconds() ? commonMinValidity
				: Duration.ofSeconds(minValidity);
		return CredentialRequest.of(CredentialKey.of(action, id, upstream), least);
	}

	private static void putList(Map<String, String> upstream, String name, @Nullable String raw, Set<String> allowed,
			UnaryOperator<String> fold, String parameter) {
		if (raw == null) {
			return;
		}
		TreeSet<String> values = new TreeSet<>();
		for (String part : raw.split(",")) {
			String value = fold.apply(part.trim());
			if (value.isEmpty()) {
				continue;
			}
			if (!allowed.contains(value)) {
				throw new InvalidParameterException(parameter + " must be a comma list of " + new TreeSet<>(allowed)
						+ ", got " + ClientText.quoted(value));
			}
			values.add(value);
		}
		if (!values.isEmpty()) {
			upstream.put(name, String.join(",", values));
		}
	}

	private static @Nullable String resultType(@Nullable String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		return switch (raw.trim().toLowerCase(Locale.ROOT)) {
			case "single" -> null; // VOD's documented default: the same request as none
			case "multiple" -> "Multiple";
			default -> throw new InvalidParameterException(
					"resultType must be Single or Multiple, got " + ClientText.quoted(raw));
		};
	}

	/**
	 * The gateway's defaults for what a request leaves out.
	 *
	 * @param authInfoTimeout PlayAuth validity asked of VOD
	 * @param authTimeout play-URL validity asked of VOD
	 * @param minValidity least remaining validity served
	 * @param clockSkew margin subtracted from every expiry
	 */
	record RequestDefaults(Duration authInfoTimeout, Duration authTimeout, Duration minValidity, Duration clockSkew) {
	}

}
