package dev.playgate.emulator;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One parsed RPC call: its HTTP method, every parameter (query over form body), and when it arrived.
 *
 * @param method the HTTP method, part of the string to sign
 * @param parameters decoded parameter values, query parameters winning over form parameters
 * @param arrivalMillis the emulator clock's time when the request arrived
 */
record RpcRequest(String method, Map<String, String> parameters, long arrivalMillis) {

	@Nullable
	String get(String name) {
		return parameters.get(name);
	}

	String action() {
		String action = parameters.get("Action");
		return action == null ? "" : action;
	}

	@Nullable
	String videoId() {
		return parameters.get("VideoId");
	}
}
