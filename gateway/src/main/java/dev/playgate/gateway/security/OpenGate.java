package dev.playgate.gateway.security;

import io.netty.handler.codec.http.HttpHeaders;

/** The gate of {@code playgate.security.mode=none}: everyone is the anonymous caller. */
enum OpenGate implements ClientGate {

	/** The only instance. */
	INSTANCE;

	@Override
	public ClientIdentity admit(HttpHeaders headers) {
		return ClientIdentity.ANONYMOUS;
	}
}
