package dev.playgate.gateway.security;

import java.util.Objects;

/**
 * Who a caller is, as established by a {@link ClientGate}: the configured id of its API key, the {@code sub} of its
 * token, or {@link #ANONYMOUS} when authentication is off. The id is also the key of the caller's request quota.
 *
 * @param id a stable, non-secret name of the caller
 */
public record ClientIdentity(String id) {

	/** The caller of a gateway that authenticates nobody ({@code playgate.security.mode=none}). */
	public static final ClientIdentity ANONYMOUS = new ClientIdentity("anonymous");

	/** Checks the id. */
	public ClientIdentity {
		Objects.requireNonNull(id, "id must not be null");
		if (id.isBlank()) {
			throw new IllegalArgumentException("id must not be blank");
		}
	}

	/** Whether this is the anonymous caller of an unauthenticated gateway. */
	public boolean isAnonymous() {
		return this == ANONYMOUS;
	}
}
