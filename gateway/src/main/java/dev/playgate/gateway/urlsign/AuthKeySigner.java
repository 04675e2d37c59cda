package dev.playgate.gateway.urlsign;

import java.time.Instant;

/**
 * Type A: {@code path?auth_key={timestamp}-{rand}-{uid}-{md5hash}} with
 * {@code md5hash = md5hex("{path}-{timestamp}-{rand}-{uid}-{key}")}, timestamp in decimal Unix seconds, uid 0.
 */
final class AuthKeySigner implements UrlSigner {

	private static final String AUTH_KEY = "auth_key=";

	private final String key;

	AuthKeySigner(String key) {
		this.key = key;
	}

	@Override
	public SigningType type() {
		return SigningType.A;
	}

	@Override
	public String sign(UnsignedUrl url, Instant expiry, String rand) {
		String stem = signedUntil(expiry).getEpochSecond() + "-" + rand + "-0";
		return url.toString("", AUTH_KEY + stem + "-" + Md5.hex(url.path() + "-" + stem + "-" + key));
	}

	@Override
	public ReadUrl read(String url) {
		UnsignedUrl parsed = UnsignedUrl.parse(url);
		StringBuilder rest = new StringBuilder(parsed.query().length());
		String authKey = null;
		for (String pair : parsed.query().split("&")) {
			if (pair.startsWith(AUTH_KEY) && authKey == null) {
				authKey = pair.substring(AUTH_KEY.length());
			}
			else if (!pair.isEmpty()) {
				rest.append(rest.isEmpty() ? "" : "&").append(pair);
			}
		}
		UnsignedUrl unsigned = parsed.withQuery(rest.toString());
		if (authKey == null) {
			return new ReadUrl(unsigned, SignatureCheck.UNSIGNED);
		}
		return ReadUrl.signed(unsigned, verifies(parsed.path(), authKey));
	}

	private boolean verifies(String path, String authKey) {
		int hash = authKey.lastIndexOf('-');
		return hash > 0 && authKey.chars().filter(c -> c == '-').count() == 3
				&& Md5.same(Md5.hex(path + "-" + authKey.substring(0, hash) + "-" + key), authKey.substring(hash + 1));
	}

	@Override
	public String toString() {
		return "AuthKeySigner[type A, key redacted]";
	}
}
