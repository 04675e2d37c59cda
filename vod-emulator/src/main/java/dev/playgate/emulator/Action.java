package dev.playgate.emulator;

/** One emulated OpenAPI action: turns an authenticated call into its JSON body or raises {@link ApiException}. */
interface Action {

	/** The body of a successful answer; throws {@link ApiException} with the VOD error otherwise. */
	byte[] handle(RpcRequest request, String requestId);

	/** The parsed value of an optional integer parameter, refusing anything outside {@code [min, max]}. */
	static long longParameter(RpcRequest request, String name, long defaultValue, long min, long max) {
		String value = request.get(name);
		if (value == null || value.isEmpty()) {
			return defaultValue;
		}
		try {
			long parsed = Long.parseLong(value.trim());
			if (parsed >= min && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// falls through to the same refusal as an out-of-range value
		}
		throw new ApiException(ApiError.invalidParameter(name, value));
	}
}
