package dev.playgate.emulator;

/**
 * An OpenAPI error as VOD answers it: an HTTP status, a code and a message (reference §7).
 *
 * @param status the HTTP status
 * @param code the error code the SDK exposes as {@code getErrCode()}
 * @param message the message the SDK exposes as {@code getErrMsg()}
 * @param authentication whether the request was refused as unauthenticated (counted as "rejected")
 */
record ApiError(int status, String code, String message, boolean authentication) {

	static final String THROTTLING_USER = "Throttling.User";

	static ApiError of(int status, String code, String message) {
		return new ApiError(status, code, message, false);
	}

	static ApiError auth(int status, String code, String message) {
		return new ApiError(status, code, message, true);
	}

	static ApiError missing(String parameter) {
		return of(400, "Missing" + parameter, parameter + " is mandatory for this action.");
	}

	static ApiError invalidParameter(String parameter, String value) {
		return of(400, "InvalidParameter", "The specified parameter \"" + parameter + "\" is not valid: " + value);
	}

	static ApiError apiNotFound(String action) {
		return of(404, "InvalidApi.NotFound",
				"Specified api is not found, please check your url and method. Action: " + action);
	}

	static ApiError videoNotFound() {
		return of(404, "InvalidVideo.NotFound", "The video does not exist.");
	}

	static ApiError noneStream() {
		return of(404, "InvalidVideo.NoneStream", "The video stream does not exist or the video is not transcoded.");
	}

	static ApiError illegalStatus(String status) {
		return of(403, "Forbidden.IllegalStatus",
				"Status of the video is illegal. Currently Video Status is " + status + " and AuditStatus is Init.");
	}

	static ApiError serviceUnavailable() {
		return of(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
	}

	static ApiError throttled(int status) {
		return of(status, THROTTLING_USER, "Request was denied due to user flow control.");
	}

	/** An injected error with the status VOD uses for that code, or 500 for a code it does not know. */
	static ApiError injected(String code, int status) {
		return of(status, code, "Injected by the vod-emulator's error-rate fault.");
	}

	/** The HTTP status VOD answers with for an error code (the table in reference §7), 500 when unknown. */
	static int statusOf(String code, int throttleStatus) {
		if (code.startsWith("Throttling")) {
			return throttleStatus;
		}
		if (code.equals("ServiceUnavailable") || code.equals("ServiceUnAvailable")) {
			return 503;
		}
		if (code.startsWith("InvalidVideo.") || code.equals("InvalidApi.NotFound")
				|| code.equals("InvalidAccessKeyId.NotFound")) {
			return 404;
		}
		if (code.startsWith("Forbidden") || code.startsWith("OperationDenied")) {
			return 403;
		}
		if (code.startsWith("Missing") || code.startsWith("Invalid") || code.startsWith("Signature")
				|| code.equals("IncompleteSignature")) {
			return 400;
		}
		return 500;
	}
}
