package dev.playgate.gateway.urlsign;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Type B: {@code /{timestamp}/{md5hash}/path} with timestamp {@code yyyyMMddHHmm} in UTC+8 and
 * {@code md5hash = md5hex(key + timestamp + path)}. The timestamp has minute resolution, so a URL is signed until
 * the end of the minute its expiry falls in.
 */
final class TimePathSigner implements UrlSigner {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm")
		.withZone(ZoneOffset.ofHours(8));

	private final String key;
	private final PathSignature signature;

	TimePathSigner(String key) {
		this.key = key;
		this.signature = new PathSignature(Pattern.compile("^/([0-9]{12})/([0-9a-fA-F]{32})(/.*)$"), 2,
				signed -> Md5.hex(key + signed.group(1) + signed.group(3)));
	}

	@Override
	public SigningType type() {
		return SigningType.B;
	}

	@Override
	public String sign(UnsignedUrl url, Instant expiry, String rand) {
		String timestamp = MINUTE.format(signedUntil(expiry));
		return url.toString("/" + timestamp + "/" + Md5.hex(key + timestamp + url.path()), "");
	}

	@Override
	public Instant signedUntil(Instant expiry) {
		Instant minute = expiry.truncatedTo(ChronoUnit.MINUTES);
		return minute.equals(expiry) ? minute : minute.plus(1, ChronoUnit.MINUTES);
	}

	@Override
	public ReadUrl read(String url) {
		return signature.read(url);
	}

	@Override
	public String toString() {
		return "TimePathSigner[type B, key redacted]";
	}
}
