package dev.playgate.gateway.urlsign;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Type C, path form: {@code /{md5hash}/{hexTimestamp}/path} with {@code md5hash = md5hex(key + path + hexTimestamp)}
 * and the timestamp in upper-case hexadecimal Unix seconds. (The query form, whose parameter names are a setting of
 * the domain, is not supported: VOD URLs in that form read as unsigned, which the key check reports.)
 */
final class HashPathSigner implements UrlSigner {

	private final String key;
	private final PathSignature signature;

	HashPathSigner(String key) {
		this.key = key;
		this.signature = new PathSignature(Pattern.compile("^/([0-9a-fA-F]{32})/([0-9a-fA-F]{8,16})(/.*)$"), 1,
				signed -> Md5.hex(key + signed.group(3) + signed.group(2)));
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
	public ReadUrl read(String url) {
		return signature.read(url);
	}

	@Override
	public String toString() {
		return "HashPathSigner[type C, key redacted]";
	}
}
