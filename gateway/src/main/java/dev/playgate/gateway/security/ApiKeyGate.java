package dev.playgate.gateway.security;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * The gate of {@code playgate.security.mode=api-key}: the caller presents a key in {@code X-Api-Key} (or
 * {@code Authorization: ApiKey <key>}) and is the configured id whose SHA-256 matches.
 */
final class ApiKeyGate implements ClientGate {

	/*
	 * Only hashes are configured, so a check is: SHA-256 the presented key, find the configured digest with the same
	 * first 8 bytes by binary search over a sorted long[], then compare all 32 bytes with MessageDigest.isEqual, which
	 * takes the same time wherever the bytes differ. Timing can at most reveal how many leading bytes of a digest an
	 * attacker matched, and choosing keys whose SHA-256 starts a certain way is a preimage search, so it does not help
	 * to find a key. A hit allocates nothing: the digest goes into a per-thread buffer and the identities are built at
	 * start-up. Plain keys are never stored, not even verified ones.
	 */

	/** The header that carries the key. */
	static final AsciiString API_KEY_HEADER = AsciiString.cached("x-api-key");

	private static final String AUTHORIZATION_SCHEME = "ApiKey ";

	/** Longer values are refused without hashing them. */
	private static final int MAX_KEY_LENGTH = 512;

	private final long[] prefixes;
	private final byte[][] digests;
	private final ClientIdentity[] identities;
	private final Rejections rejections;

	private ApiKeyGate(List<Entry> entries, Rejections rejections) {
		this.prefixes = entries.stream().mapToLong(Entry::prefix).toArray();
		this.digests = entries.stream().map(Entry::digest).toArray(byte[][]::new);
		this.identities = entries.stream().map(Entry::identity).toArray(ClientIdentity[]::new);
		this.rejections = rejections;
	}

	/** A gate accepting the given (validated) keys. */
	static ApiKeyGate of(List<SecurityProperties.ApiKey> keys, Rejections rejections) {
		List<Entry> entries = keys.stream()
			.map(key -> new Entry(key.digest(), new ClientIdentity(key.id())))
			.sorted(Comparator.comparingLong(Entry::prefix))
			.toList();
		return new ApiKeyGate(entries, rejections);
	}

	@Override
	public ClientIdentity admit(HttpHeaders headers) {
		String key = presentedKey(headers);
		if (key == null || key.isEmpty()) {
			throw rejections.unauthenticated(Rejection.MISSING_KEY);
		}
		if (key.length() > MAX_KEY_LENGTH) {
			throw rejections.unauthenticated(Rejection.INVALID_KEY);
		}
		ClientIdentity identity = lookup(Sha256.local().digest(key));
		if (identity == null) {
			throw rejections.unauthenticated(Rejection.INVALID_KEY);
		}
		return identity;
	}

	private static @Nullable String presentedKey(HttpHeaders headers) {
		String key = headers.get(API_KEY_HEADER);
		if (key != null) {
			return key.trim();
		}
		String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, AUTHORIZATION_SCHEME, 0,
				AUTHORIZATION_SCHEME.length())) {
			return authorization.substring(AUTHORIZATION_SCHEME.length()).trim();
		}
		return null;
	}

	private @Nullable ClientIdentity lookup(byte[] digest) {
		long prefix = Sha256.longAt(digest, 0);
		int found = Arrays.binarySearch(prefixes, prefix);
		if (found < 0) {
			return null;
		}
		while (found > 0 && prefixes[found - 1] == prefix) {
			found--;
		}
		for (int i = found; i < prefixes.length && prefixes[i] == prefix; i++) {
			if (MessageDigest.isEqual(digests[i], digest)) {
				return identities[i];
			}
		}
		return null;
	}

	private record Entry(byte[] digest, ClientIdentity identity) {

		long prefix() {
			return Sha256.longAt(digest, 0);
		}
	}
}
