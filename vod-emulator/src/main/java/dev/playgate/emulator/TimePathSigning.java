package dev.playgate.emulator;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Type B: {@code /{timestamp}/{md5hash}/path}, timestamp {@code yyyyMMddHHmm} in UTC+8, {@code md5hash =
 * md5hex(key + timestamp + path)}. The timestamp has minute resolution: the emulator writes the minute a URL's expiry
 * falls in, rounded up, and the edge reads it as the start of that minute.
 */
record TimePathSigning(String key, long validity) implements UrlSigning {

	private static final ZoneOffset UTC_PLUS_8 = ZoneOffset.ofHours(8);
	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuuMMddHHmm")
		.withResolverStyle(ResolverStyle.STRICT);
	private static final Pattern SIGNED = Pattern.compile("^/([0-9]{12})/([^/]*)(/.*)$");

	@Override
	public String sign(String path, long expires, String rand, String uid) {
		long minute = Math.floorDiv(expires + 59, 60) * 60;
		String timestamp = MINUTE.format(LocalDateTime.ofEpochSecond(minute, 0, UTC_PLUS_8));
		return "/" + timestamp + "/" + PlayUrls.hash(key + timestamp + path) + path;
	}

	@Override
	public @Nullable String refusal(String path, Map<String, List<String>> query, long now) {
		Matcher signed = SIGNED.matcher(path);
		if (!signed.matches()) {
			return DENIED + "no timestamp/md5hash in path";
		}
		String timestamp = signed.group(1);
		long start;
		try {
			start = LocalDateTime.parse(timestamp, MINUTE).toEpochSecond(UTC_PLUS_8);
		}
		catch (DateTimeParseException ex) {
			return DENIED + "invalid timestamp=" + timestamp;
		}
		if (start + validity < now) {
			return DENIED + "expired timestamp=" + timestamp;
		}
		String expected = PlayUrls.hash(key + timestamp + signed.group(3));
		return UrlSigning.matches(expected, signed.group(2)) ? null : DENIED + "invalid md5hash=" + signed.group(2);
	}

	@Override
	public String toString() {
		return "TimePathSigning[type B, key redacted]";
	}
}
