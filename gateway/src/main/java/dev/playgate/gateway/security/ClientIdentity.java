package dev.playgate.gateway.security;

/**
 * Who made a request, as far as the gateway can tell.
 *
 * @param id the API key id or token subject; {@code anonymous} when security is off
 */
public record ClientIdentity(String id) {

	/** The caller when security mode is {@code none}. */
	public static final ClientIdentity ANONYMOUS = new ClientIdentity("anonymous");
}
