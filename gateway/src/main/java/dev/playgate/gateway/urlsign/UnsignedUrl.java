package dev.playgate.gateway.urlsign;

import java.net.URI;
import java.util.Objects;

/**
 * A play URL without any signature, split where the signing types need it.
 *
 * @param origin scheme, host and port, e.g. {@code https://vod.example.com}
 * @param path the path, starting with {@code /}, exactly as sent (still percent-encoded): what the CDN signs
 * @param query the rest of the query without a signature, without {@code ?}; empty when there is none
 */
public record UnsignedUrl(String origin, String path, String query) {

	/** Checks the parts. */
	public UnsignedUrl {
		Objects.requireNonNull(origin, "origin must not be null");
		Objects.requireNonNull(query, "query must not be null");
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("path must start with /: " + path);
		}
	}

	/** Splits an absolute URL; throws {@link IllegalArgumentException} when it is not one. */
	public static UnsignedUrl parse(String url) {
		URI uri = URI.create(url);
		if (uri.getScheme() == null || uri.getRawAuthority() == null) {
			throw new IllegalArgumentException("not an absolute URL");
		}
		String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
		return new UnsignedUrl(uri.getScheme() + "://" + uri.getRawAuthority(), path,
				uri.getRawQuery() == null ? "" : uri.getRawQuery());
	}

	/** The same URL with another path. */
	UnsignedUrl withPath(String value) {
		return new UnsignedUrl(origin, value, query);
	}

	/** The same URL with another query. */
	UnsignedUrl withQuery(String value) {
		return new UnsignedUrl(origin, path, value);
	}

	/** The URL with {@code extraQuery} (without {@code ?}) appended to its query, if any. */
	String toString(String pathPrefix, String extraQuery) {
		StringBuilder url = new StringBuilder(origin.length() + pathPrefix.length() + path.length() + query.length()
				+ extraQuery.length() + 2).append(origin).append(pathPrefix).append(path);
		if (!query.isEmpty() || !extraQuery.isEmpty()) {
			url.append('?').append(query);
			if (!query.isEmpty() && !extraQuery.isEmpty()) {
				url.append('&');
			}
			url.append(extraQuery);
		}
		return url.toString();
	}

	@Override
	public String toString() {
		return toString("", "");
	}
}
