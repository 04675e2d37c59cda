package dev.playgate.emulator;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Type A: {@code path?auth_key={timestamp}-{rand}-{uid}-{md5hash}}, {@code md5hash =
 * md5hex("{path}-{timestamp}-{rand}-{uid}-{key}")}, timestamp in decimal Unix seconds.
 */
record AuthKeySigning(String key, long validity) implements UrlSigning {

	@Override
	public String sign(String path, long expires, String rand, String uid) {
		String stem = expires + "-" + rand + "-" + uid;
		return path + "?auth_key=" + stem + "-" + PlayUrls.hash(path + "-" + stem + "-" + key);
	}

	@Override
	public @Nullable String refusal(String path, Map<String, List<String>> query, long now) {
		String authKey = UrlSigning.first(query, "auth_key");
		if (authKey == null) {
			return DENIED + "no auth_key";
		}
		String[] parts = authKey.split("-", -1);
		if (parts.length != 4 || !parts[0].matches("[0-9]{1,12}") || parts[1].isEmpty() || parts[2].isEmpty()) {
			return DENIED + "invalid auth_key=" + authKey;
		}
		if (Long.parseLong(parts[0]) + validity < now) {
			return DENIED + "expired timestamp=" + parts[0];
		}
		String expected = PlayUrls.hash(path + "-" + parts[0] + "-" + parts[1] + "-" + parts[2] + "-" + key);
		return UrlSigning.matches(expected, parts[3]) ? null : DENIED + "invalid md5hash=" + parts[3];
	}

	@Override
	public String toString() {
		return "AuthKeySigning[type A, key redacted]";
	}
}
