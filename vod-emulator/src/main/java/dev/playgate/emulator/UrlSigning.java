package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One of the CDN's URL signing types, both halves: how the emulator signs the play URLs it returns, and how its CDN
 * edge checks a URL and words a refusal ({@code X-Tengine-Error}). A URL expires once
 * {@code timestamp + validity < now}; the timestamp the emulator writes is the instant the URL is meant to stop
 * working (arrival + {@code AuthTimeout}), never earlier.
 */
sealed interface UrlSigning permits AuthKeySigning, TimePathSigning, HashPathSigning {

	/** Prefix of every refusal, as the CDN words it. */
	String DENIED = "denied by req auth: ";

	/** The signing the options select. */
	static UrlSigning of(CdnOptions cdn) {
		long validity = cdn.validity().toSeconds();
		return switch (cdn.authType()) {
			case A -> new AuthKeySigning(cdn.key(), validity);
			case B -> new TimePathSigning(cdn.key(), validity);
			case C -> new HashPathSigning(cdn.key(), validity);
		};
	}

	/**
	 * The path and query of {@code path} signed to stop working at {@code expires} (Unix seconds); {@code rand} and
	 * {@code uid} are used by type A only.
	 */
	String sign(String path, long expires, String rand, String uid);

	/**
	 * Why the CDN refuses {@code path} (raw, as requested) with the decoded {@code query} at {@code now} (Unix
	 * seconds), or {@code null} when it serves it.
	 */
	@Nullable String refusal(String path, Map<String, List<String>> query, long now);

	/** The first value of a query parameter, or {@code null}. */
	static @Nullable String first(Map<String, List<String>> query, String name) {
		List<String> values = query.get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	/** Compares a presented hash with the expected one in constant time. */
	static boolean matches(String expected, String presented) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				presented.getBytes(StandardCharsets.US_ASCII));
	}
}
