package dev.playgate.gateway.credential;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What one tier holds under one key, as the operator's {@code GET /actuator/credentials/{videoId}} lists it: never the
 * credential itself (no PlayAuth, no URL), only where it is and when it was issued and expires.
 *
 * @param tier the holder: {@code local}, {@code negative}, {@code shared}, ...
 * @param key the canonical credential key
 * @param issuedAt when the credential was fetched or the refusal remembered; {@code null} while a load is in flight
 * @param expiresAt when it stops being served; {@code null} while a load is in flight
 * @param negative whether this is a remembered refusal rather than a credential
 * @param detail the refusal's problem code for a negative entry, {@code loading} for a load in flight, else
 * {@code null}
 */
public record CachedEntry(String tier, String key, @Nullable Instant issuedAt, @Nullable Instant expiresAt,
		boolean negative, @Nullable String detail) {

	/** Checks the required parts. */
	public CachedEntry {
		Objects.requireNonNull(tier, "tier must not be null");
		Objects.requireNonNull(key, "key must not be null");
	}

	/** A credential held by {@code tier}. */
	public static CachedEntry credential(String tier, Credential credential) {
		return new CachedEntry(tier, credential.key().canonical(), credential.issuedAt(), credential.expiresAt(), false,
				null);
	}
}
