package dev.playgate.gateway.urlsign;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Type C, path form: {@code /{md5hash}/{hexTimestamp}/path} with {@code md5hash = md5hex(key + path + hexTimestamp)}
 * and the timestamp in upper-case hexadecimal Unix seconds. (The query form, with domain-specific parameter names,
 * is not supported.)
 */
final class HashPathSigner implements UrlSigner {

	private static final Pattern SIGNED = Pattern.compile("^/([0-9a-fA-F]{32})/([0-9a-fA-F]{8,16})(/.*)$");

	private final String key;

	HashPathSigner(String key) {
		this.key = key;
	}

	@Override
	public SigningType type() {
		return SigningType.C;
	}

	@Override
	public String sign(UnsignedUrl url, Instant expiry, String rand) {
		String timestamp = Long.toHexString(signedUntil(expiry).getEpochSecond()).toUpperCase(Locale.ROOT);
		return url.toString("/" + Md5.hex(key + url.path() + timestamp) + "/" + timestamp, "");
	}

	@Override
	public Instant signedUntil(Instant expiry) {
		Instant second = Instant.ofEpochSecond(expiry.getEpochSecond());
		return second.equals(expiry) ? second : second.plusSeconds(1);
	}

	@Override
	public ReadUrl read(String url) {
		UnsignedUrl parsed = UnsignedUrl.parse(url);
		Matcher signed = SIGNED.matcher(parsed.path());
		if (!signed.matches()) {
			return new ReadUrl(parsed, SignatureCheck.UNSIGNED);
		}
		String path = signed.group(3);
		boolean verified = Md5.same(Md5.hex(key + path + signed.group(2)), signed.group(1));
		return new ReadUrl(parsed.withPath(path), verified ? SignatureCheck.VERIFIED : SignatureCheck.MISMATCH);
	}

	@Override
	public String toString() {
		return "HashPathSigner[type C, key redacted]";
	}
}
