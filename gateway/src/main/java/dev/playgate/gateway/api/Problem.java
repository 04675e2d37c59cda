package dev.playgate.gateway.api;

import java.util.Locale;

import dev.playgate.gateway.credential.ProblemCode;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem document, {@code application/problem+json}:
 * {@code {"type","title","status","code","detail","instance"}}, and in batch answers the {@code videoId} it is
 * about. Each stable {@link ProblemCode} has one HTTP status and one title here, the only place they are kept.
 *
 * @param code the stable code
 * @param detail a client-safe explanation of this occurrence
 * @param instance the request path it answers; {@code null} (and left out) when the path is not worth repeating
 * @param videoId the video it is about, in a batch item; {@code null} (and left out) otherwise
 */
public record Problem(ProblemCode code, String detail, @Nullable String instance, @Nullable String videoId) {

	/** The media type problem documents are sent with. */
	public static final String MEDIA_TYPE = "application/problem+json";

	/** The problem answer of a whole request. */
	public static Problem of(ProblemCode code, String detail, @Nullable String instance) {
		return new Problem(code, detail, instance, null);
	}

	/** The encoded document, UTF-8 JSON. */
	public byte[] encode() {
		return AnswerJson.write(160 + detail.length(), json -> {
			json.writeStartObject();
			json.writeStringProperty("type", type(code));
			json.writeStringProperty("title", title(code));
			json.writeNumberProperty("status", status(code));
			json.writeStringProperty("code", code.name());
			json.writeStringProperty("detail", detail);
			if (instance != null) {
				json.writeStringProperty("instance", instance);
			}
			if (videoId != null) {
				json.writeStringProperty("videoId", videoId);
			}
			json.writeEndObject();
		});
	}

	/** The HTTP status a problem with {@code code} is sent with. */
	public static int status(ProblemCode code) {
		return switch (code) {
			case INVALID_VIDEO_ID, INVALID_PARAMETER, BAD_REQUEST -> 400;
			case UNAUTHENTICATED -> 401;
			case CALLBACK_REFUSED, VIDEO_NOT_PLAYABLE, VIDEO_NOT_ALLOWED -> 403;
			case VIDEO_NOT_FOUND, NO_STREAM, NOT_FOUND -> 404;
			case METHOD_NOT_ALLOWED -> 405;
			case REQUEST_TIMEOUT -> 408;
			case URI_TOO_LONG -> 414;
			case UNSUPPORTED_MEDIA_TYPE -> 415;
			case CLIENT_RATE_LIMITED -> 429;
			case HEADERS_TOO_LARGE -> 431;
			case INTERNAL_ERROR -> 500;
			case UPSTREAM_MISCONFIGURED -> 502;
			case UPSTREAM_BUSY -> 503;
			case UPSTREAM_TIMEOUT -> 504;
		};
	}

	/** The short human-readable summary of {@code code}, the same for every occurrence. */
	public static String title(ProblemCode code) {
		return switch (code) {
			case INVALID_VIDEO_ID -> "Invalid video id";
			case INVALID_PARAMETER -> "Invalid parameter";
			case UNAUTHENTICATED -> "Unauthenticated";
			case CALLBACK_REFUSED -> "Callback refused";
			case VIDEO_NOT_ALLOWED -> "Video not allowed";
			case VIDEO_NOT_PLAYABLE -> "Video not playable";
			case VIDEO_NOT_FOUND -> "Video not found";
			case NO_STREAM -> "No stream";
			case NOT_FOUND -> "Not found";
			case BAD_REQUEST -> "Bad request";
			case URI_TOO_LONG -> "URI too long";
			case HEADERS_TOO_LARGE -> "Request header fields too large";
			case REQUEST_TIMEOUT -> "Request timeout";
			case METHOD_NOT_ALLOWED -> "Method not allowed";
			case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
			case CLIENT_RATE_LIMITED -> "Client rate limited";
			case INTERNAL_ERROR -> "Internal error";
			case UPSTREAM_MISCONFIGURED -> "Upstream misconfigured";
			case UPSTREAM_BUSY -> "Upstream busy";
			case UPSTREAM_TIMEOUT -> "Upstream timeout";
		};
	}

	/** The problem type URI of {@code code}, relative so it resolves against the gateway's own documentation. */
	public static String type(ProblemCode code) {
		return "/problems/" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}
