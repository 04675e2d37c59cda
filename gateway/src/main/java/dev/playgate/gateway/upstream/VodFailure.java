package dev.playgate.gateway.upstream;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import dev.playgate.gateway.credential.CredentialException;
import dev.playgate.gateway.credential.NoStreamException;
import dev.playgate.gateway.credential.UpstreamMisconfiguredException;
import dev.playgate.gateway.credential.UpstreamTimeoutException;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoNotFoundException;
import dev.playgate.gateway.credential.VideoNotPlayableException;
import dev.playgate.gateway.upstream.UpstreamFailedException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * What a failed SDK call means for the gateway: the outcome to count and the client-safe exception to raise.
 * Messages never carry the SDK's error message, which for signature errors contains the string-to-sign.
 *
 * @param outcome the {@code outcome} tag of the call
 * @param exception what the stage fails with
 * @param code VOD's (or the SDK's) error code, for the log; {@code null} when the answer carried none
 */
record VodFailure(CallOutcome outcome, CredentialException exception, @Nullable String code) {

	private static final Set<String> MISCONFIGURED = Set.of("SignatureDoesNotMatch", "IncompleteSignature",
			"SDK.InvalidAccessKeySecret", "SDK.InvalidAccessSecret", "MissingSecurityToken", "Forbidden",
			"Forbidden.AccessKeyDisabled", "Forbidden.RAM", "Forbidden.NoPermission", "InvalidApi.NotFound",
			"InvalidProduct.NotFound");

	private static final Set<String> MISCONFIGURED_FAMILIES = Set.of("InvalidAccessKeyId", "InvalidSecurityToken",
			"InvalidTimeStamp", "OperationDenied");

	private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** The meaning of an HTTP 5xx answer: retryable, unless it is throttling in disguise (also retryable). */
	static VodFailure ofServer(ServerException ex) {
		return ofServerCode(ex.getErrCode());
	}

	/** The meaning of every other SDK failure: a 4xx answer or an error raised inside the SDK. */
	static VodFailure ofClient(ClientException ex, VideoId videoId) {
		String code = ex.getErrCode();
		if ((code == null || code.isEmpty()) && isMissingCredentials(ex)) {
			return missingCredentials();
		}
		return ofClientCode(code, videoId);
	}

	/**
	 * The meaning of an error answer VOD sent with HTTP {@code status} and error {@code code} (the SDK's split: 5xx
	 * is the server's failure, every other status the client's).
	 */
	static VodFailure ofAnswer(int status, @Nullable String code, VideoId videoId) {
		return status >= 500 ? ofServerCode(code) : ofClientCode(code, videoId);
	}

	/** No answer within the read timeout. */
	static VodFailure timedOut() {
		return ofClientCode("SDK.ReadTimeout", null);
	}

	/** VOD could not be reached: connection refused or timed out, closed before the answer, no pooled connection. */
	static VodFailure unreachable() {
		return ofClientCode("SDK.ServerUnreachable", null);
	}

	/** No AccessKey anywhere in the default credential chain. */
	static VodFailure missingCredentials() {
		return new VodFailure(CallOutcome.MISCONFIGURED, new UpstreamMisconfiguredException(
				"the gateway found no Alibaba Cloud credentials; an operator must configure them"), null);
	}

	private static VodFailure ofServerCode(@Nullable String code) {
		if (isThrottling(code)) {
			return throttled(code);
		}
		return new VodFailure(CallOutcome.ERROR, new UpstreamFailedException(Kind.UNAVAILABLE,
				"VOD failed to answer" + codeSuffix(code)), code);
	}

	private static VodFailure ofClientCode(@Nullable String code, @Nullable VideoId videoId) {
		if (code == null || code.isEmpty()) {
			return faulty(null, "VOD's answer could not be read");
		}
		return switch (code) {
			case "InvalidVideo.NotFound" -> new VodFailure(CallOutcome.NOT_FOUND,
					new VideoNotFoundException("video " + videoId + " does not exist"), code);
			case "InvalidVideo.NoneStream" -> new VodFailure(CallOutcome.NO_STREAM, new NoStreamException(
					"video " + videoId + " has no stream matching the requested formats, definitions and stream types"),
					code);
			case "Forbidden.IllegalStatus", "Forbidden.AliyunVoDEncryption" -> new VodFailure(CallOutcome.NOT_PLAYABLE,
					new VideoNotPlayableException("video " + videoId + " cannot be played (" + code + ")"), code);
			case "SDK.ReadTimeout" -> new VodFailure(CallOutcome.TIMEOUT,
					new UpstreamTimeoutException("VOD did not answer in time"), code);
			case "SDK.ServerUnreachable" -> new VodFailure(CallOutcome.ERROR,
					new UpstreamFailedException(Kind.UNAVAILABLE, "VOD is unreachable"), code);
			// a nonce collision (or a replay of a retried send) passes with the next attempt, which signs anew
			case "SignatureNonceUsed" -> new VodFailure(CallOutcome.ERROR,
					new UpstreamFailedException(Kind.UNAVAILABLE, "VOD refused a reused nonce" + codeSuffix(code)),
					code);
			default -> ofOtherCode(code);
		};
	}

	private static VodFailure ofOtherCode(String code) {
		if (isThrottling(code)) {
			return throttled(code);
		}
		if (isMisconfiguration(code)) {
			return new VodFailure(CallOutcome.MISCONFIGURED, new UpstreamMisconfiguredException(
					"VOD rejected the gateway's credentials or account" + codeSuffix(code)
							+ "; an operator must fix the configuration"),
					code);
		}
		if (code.startsWith("InvalidParameter") || code.startsWith("Missing")) {
			// the gateway validated the client's input and built the request itself: a bad parameter is a gateway
			// or configuration fault (e.g. a play domain or format VOD does not know), not the client's
			return new VodFailure(CallOutcome.MISCONFIGURED, new UpstreamMisconfiguredException(
					"VOD rejected the request the gateway built" + codeSuffix(code) + "; an operator must check it"),
					code);
		}
		if (code.startsWith("SDK.")) {
			return faulty(code, "the VOD client failed" + codeSuffix(code));
		}
		return new VodFailure(CallOutcome.ERROR,
				new UpstreamMisconfiguredException("VOD refused the gateway's request" + codeSuffix(code)), code);
	}

	/** The meaning of an unchecked failure inside the SDK: its parser met a malformed answer. */
	static VodFailure ofUnreadableAnswer(RuntimeException ex) {
		return unreadable(ex.getClass().getName());
	}

	/** An answer that could not be read: {@code why} names what was wrong with it, for the log. */
	static VodFailure unreadable(String why) {
		return faulty(why, "VOD's answer could not be read");
	}

	private static VodFailure throttled(String code) {
		return new VodFailure(CallOutcome.THROTTLED,
				new UpstreamFailedException(Kind.THROTTLED, "VOD is throttling the gateway" + codeSuffix(code)), code);
	}

	private static VodFailure faulty(@Nullable String code, String message) {
		return new VodFailure(CallOutcome.ERROR, new UpstreamFailedException(Kind.FAULTY, message), code);
	}

	/** Whether the SDK's default credential chain found nothing (it says so in a code-less exception). */
	private static boolean isMissingCredentials(ClientException ex) {
		String message = ex.getMessage();
		return message != null && message.startsWith("Unable to load credentials");
	}

	private static boolean isThrottling(@Nullable String code) {
		return code != null && code.toLowerCase(Locale.ROOT).startsWith("throttling");
	}

	private static boolean isMisconfiguration(String code) {
		int dot = code.indexOf('.');
		return MISCONFIGURED.contains(code) || MISCONFIGURED_FAMILIES.contains(dot < 0 ? code : code.substring(0, dot));
	}

	private static String codeSuffix(@Nullable String code) {
		return code != null && SAFE_CODE.matcher(code).matches() ? " (" + code + ")" : "";
	}

	/** Whether an operator must act (bad credentials, account problem): logged at error level. */
	boolean needsOperator() {
		return outcome == CallOutcome.MISCONFIGURED;
	}

	/**
	 * Whether the failure is unexpected and will not pass by itself (unknown code, unreadable answer): logged at warn
	 * level. Throttling, 5xx and timeouts are counted in metrics and show in the breaker's transitions instead, so an
	 * outage does not flood the log.
	 */
	boolean isUnexpected() {
		return outcome == CallOutcome.ERROR
				&& !(exception instanceof UpstreamFailedException failed && failed.isRetryable());
	}
}
