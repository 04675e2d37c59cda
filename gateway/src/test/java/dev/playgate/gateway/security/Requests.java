package dev.playgate.gateway.security;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/** Request headers for gate tests. */
final class Requests {

	private Requests() {
	}

	/** Headers holding the given name/value pairs. */
	static HttpHeaders headers(String... namesAndValues) {
		HttpHeaders headers = new DefaultHttpHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return headers;
	}
}
