package dev.playgate.gateway.security;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who a caller is, as established by a {@link ClientGate}: the configured id of its API key, the {@code sub} of its
 * token, or {@link #ANONYMOUS} when authentication is off. The id is also the key of the caller's request quota.
 *
 * @param id a stable, non-secret name of the caller
 * @param videos the only video ids the caller may ask for ({@code playgate.security.jwt.video-claim}), or
 *        {@code null} when it may ask for any
 */
public record ClientIdentity(String id, @Nullable Set<String> videos) {

	/** The caller of a gateway that authenticates nobody ({@code playgate.security.mode=none}). */
	public static final ClientIdentity ANONYMOUS = new ClientIdentity("anonymous");

	/** A caller that may ask for any video. */
	public ClientIdentity(String id) {
		this(id, null);
	}

	/** Whether the caller may ask for this video. */
	public boolean mayAsk(String videoId) {
		return videos == null || videos.contains(videoId);
	}

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
