package dev.playgate.gateway.security;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Decides whether a request may be served: who the caller is and whether it is within its own quota. Runs on the
 * event loop for every request, so it is synchronous, does no I/O and allocates little.
 */
public interface ClientGate {

	/**
	 * Admits a request, returning its caller, or throws {@link dev.playgate.gateway.credential.UnauthenticatedException}
	 * or {@link dev.playgate.gateway.credential.ClientRateLimitedException}.
	 */
	ClientIdentity admit(HttpHeaders headers);
}
