package dev.playgate.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Type C: {@code /{md5hash}/{hexTimestamp}/path} (what the emulator writes) or
 * {@code path?KEY1={md5hash}&KEY2={hexTimestamp}} (also accepted at the edge, with the parameter names the reference
 * writes), {@code md5hash =
 * md5hex(key + path + hexTimestamp)}, the timestamp in hexadecimal Unix seconds (the emulator writes upper case).
 */
record HashPathSigning(String key, long validity) implements UrlSigning {

	private static final Pattern SIGNED = Pattern.compile("^/([^/]{32})/([0-9A-Fa-f]{1,15})(/.*)$");
	private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,15}");

	@Override
	public String sign(String path, long expires, String rand, String uid) {
		String timestamp = Long.toHexString(expires).toUpperCase(Locale.ROOT);
		return "/" + PlayUrls.hash(key + path + timestamp) + "/" + timestamp + path;
	}

	@Override
	public @Nullable String refusal(String path, Map<String, List<String>> query, long now) {
		Matcher signed = SIGNED.matcher(path);
		if (signed.matches()) {
			return refusal(signed.group(3), signed.group(1), signed.group(2), now);
		}
		String hash = UrlSigning.first(query, "KEY1");
		String timestamp = UrlSigning.first(query, "KEY2");
		if (hash == null && timestamp == null) {
			return DENIED + "no md5hash/timestamp in path or KEY1/KEY2";
		}
		return refusal(path, hash == null ? "" : hash, timestamp == null ? "" : timestamp, now);
	}

	private @Nullable String refusal(String path, String hash, String timestamp, long now) {
		if (!HEX.matcher(timestamp).matches()) {
			return DENIED + "invalid timestamp=" + timestamp;
		}
		if (Long.parseLong(timestamp, 16) + validity < now) {
			return DENIED + "expired timestamp=" + timestamp;
		}
		String expected = PlayUrls.hash(key + path + timestamp);
		return UrlSigning.matches(expected, hash) ? null : DENIED + "invalid md5hash=" + hash;
	}

	@Override
	public String toString() {
		return "HashPathSigning[type C, key redacted]";
	}
}
