package dev.playgate.gateway.credential;

import java.time.Duration;
import java.util.Objects;

/**
 * One ask for a credential as it travels down the pipeline.
 *
 * @param key which credential
 * @param minValidity the least remaining validity the caller accepts
 * @param priority whether a player waits for it or it is a background refresh
 * @param client on whose behalf it is asked (the caller's identity, or its address in mode {@code none}; empty when
 *        nobody's), so the upstream budget can share its permits fairly between clients
 */
public record CredentialRequest(CredentialKey key, Duration minValidity, Priority priority, String client) {

	/** Checks the request. */
	public CredentialRequest {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(priority, "priority must not be null");
		Objects.requireNonNull(client, "client must not be null");
		if (minValidity.isNegative()) {
			throw new IllegalArgumentException("minValidity must not be negative: " + minValidity);
		}
	}

	/** A request on nobody's behalf. */
	public CredentialRequest(CredentialKey key, Duration minValidity, Priority priority) {
		this(key, minValidity, priority, "");
	}

	/** The same request, asked on behalf of {@code client}. */
	public CredentialRequest forClient(String client) {
		return new CredentialRequest(key, minValidity, priority, client);
	}

	/** A user-facing request. */
	public static CredentialRequest of(CredentialKey key, Duration minValidity) {
		return new CredentialRequest(key, minValidity, Priority.USER);
	}

	/** The same request as a background refresh. */
	public CredentialRequest asRefresh() {
		return new CredentialRequest(key, minValidity, Priority.REFRESH, client);
	}
}
