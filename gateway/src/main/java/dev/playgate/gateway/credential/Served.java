package dev.playgate.gateway.credential;

import java.util.Objects;

/**
 * A credential together with how this particular request obtained it.
 *
 * @param credential what is handed out
 * @param status how it was served, for {@code X-Cache}
 */
public record Served(Credential credential, CacheStatus status) {

	/** Checks both parts are present. */
	public Served {
		Objects.requireNonNull(credential, "credential must not be null");
		Objects.requireNonNull(status, "status must not be null");
	}

	/** The same credential, served another way. */
	public Served as(CacheStatus other) {
		return other == status ? this : new Served(credential, other);
	}
}
