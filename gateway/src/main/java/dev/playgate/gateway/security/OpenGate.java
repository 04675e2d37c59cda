package dev.playgate.gateway.security;

import java.net.InetSocketAddress;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The gate of {@code playgate.security.mode=none}: everyone is admitted, and a caller is known by its address (the
 * direct peer, or what a trusted proxy forwarded, see {@link TrustedProxies}), so the per-client quota and the fair
 * share of the upstream budget tell callers apart.
 */
final class OpenGate implements ClientGate {

	private final TrustedProxies proxies;

	OpenGate(TrustedProxies proxies) {
		this.proxies = proxies;
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers) {
		return ClientIdentity.ANONYMOUS;
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers, @Nullable InetSocketAddress peer) {
		return peer == null ? ClientIdentity.ANONYMOUS : new ClientIdentity(proxies.clientAddress(headers, peer));
	}
}
