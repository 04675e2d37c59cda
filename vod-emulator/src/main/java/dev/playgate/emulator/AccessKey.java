package dev.playgate.emulator;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An AccessKey the emulator accepts: an id, its secret and, for STS credentials, the one SecurityToken that must
 * come with it.
 *
 * @param id the AccessKeyId
 * @param secret the AccessKeySecret (never printed)
 * @param securityToken the STS token every request with this id must carry, or {@code null} for a static key
 */
public record AccessKey(String id, String secret, @Nullable String securityToken) {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	/** Validates the key: a non-blank id of {@code [A-Za-z0-9._-]}, a non-empty secret, a non-blank token. */
	public AccessKey {
		if (id == null || !ID.matcher(id).matches()) {
			throw new IllegalArgumentException("access-key-id must be 1-128 of [A-Za-z0-9._-]: " + id);
		}
		if (secret == null || secret.isEmpty()) {
			throw new IllegalArgumentException("access-key-secret must not be empty for access-key-id " + id);
		}
		if (securityToken != null && securityToken.isBlank()) {
			throw new IllegalArgumentException("security-token must not be blank for access-key-id " + id);
		}
	}

	/** A static AccessKey (no STS token). */
	public static AccessKey of(String id, String secret) {
		return new AccessKey(id, secret, null);
	}

	/** An STS AccessKey: requests signed with it must also carry {@code securityToken}. */
	public static AccessKey sts(String id, String secret, String securityToken) {
		return new AccessKey(id, secret, securityToken);
	}

	/** Whether requests with this id must carry a SecurityToken. */
	public boolean hasSecurityToken() {
		return securityToken != null;
	}

	@Override
	public String toString() {
		return "AccessKey[id=" + id + ", secret=****" + (securityToken == null ? "" : ", securityToken=****") + "]";
	}
}
