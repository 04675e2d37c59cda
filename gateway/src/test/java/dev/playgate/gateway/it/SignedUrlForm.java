package dev.playgate.gateway.it;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playgate.emulator.CdnAuthType;

/**
 * Where each of the CDN's URL signing types (A, B, C) writes a play URL's timestamp, so that end-to-end tests can
 * run once per type: the emulator signed and checking with {@link #authType()}, the gateway with
 * {@code playgate.play-info.url-signing.type} = {@link #name()}.
 */
enum SignedUrlForm {

	/** {@code path?auth_key={decimal seconds}-{rand}-0-{md5hash}}. */
	A(Duration.ofSeconds(1), Pattern.compile("[?&]auth_key=([0-9]+)-")) {

		@Override
		Instant read(String timestamp) {
			return Instant.ofEpochSecond(Long.parseLong(timestamp));
		}

		@Override
		String write(Instant timestamp) {
			return Long.toString(timestamp.getEpochSecond());
		}
	},

	/** {@code /{yyyyMMddHHmm, UTC+8}/{md5hash}/path}. */
	B(Duration.ofMinutes(1), Pattern.compile("^https?://[^/]+/([0-9]{12})/")) {

		@Override
		Instant read(String timestamp) {
			return LocalDateTime.parse(timestamp, MINUTE).toInstant(ZoneOffset.ofHours(8));
		}

		@Override
		String write(Instant timestamp) {
			return MINUTE.format(LocalDateTime.ofInstant(timestamp, ZoneOffset.ofHours(8)));
		}
	},

	/** {@code /{md5hash}/{hex seconds}/path}. */
	C(Duration.ofSeconds(1), Pattern.compile("^https?://[^/]+/[0-9a-f]{32}/([0-9A-F]+)/")) {

		@Override
		Instant read(String timestamp) {
			return Instant.ofEpochSecond(Long.parseLong(timestamp, 16));
		}

		@Override
		String write(Instant timestamp) {
			return Long.toHexString(timestamp.getEpochSecond()).toUpperCase(Locale.ROOT);
		}
	};

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm");

	private final Duration resolution;
	private final Pattern timestamp;

	SignedUrlForm(Duration resolution, Pattern timestamp) {
		this.resolution = resolution;
		this.timestamp = timestamp;
	}

	/** The emulator's flag value for this type. */
	CdnAuthType authType() {
		return CdnAuthType.valueOf(name());
	}

	/** Whether the type has a place for a random part, so that two viewers never share a URL (type A only). */
	boolean hasRand() {
		return this == A;
	}

	/** How far past its expiry a URL's timestamp may lie: the type's resolution. */
	Duration resolution() {
		return resolution;
	}

	/** The instant written in the URL. */
	Instant timestamp(String url) {
		return read(matcher(url).group(1));
	}

	/** The same URL with a timestamp one day later and the signature left as it was. */
	String withLaterTimestamp(String url) {
		Matcher found = matcher(url);
		String later = write(read(found.group(1)).plus(Duration.ofDays(1)));
		return url.substring(0, found.start(1)) + later + url.substring(found.end(1));
	}

	/** The same URL for another object (a path the signature was not made for). */
	static String withOtherPath(String url) {
		URI uri = URI.create(url);
		String path = uri.getRawPath();
		int dot = path.lastIndexOf('.');
		return url.replace(path, path.substring(0, dot) + "-x" + path.substring(dot));
	}

	abstract Instant read(String timestamp);

	abstract String write(Instant timestamp);

	private Matcher matcher(String url) {
		Matcher found = timestamp.matcher(url);
		if (!found.find()) {
			throw new IllegalArgumentException("no type " + name() + " timestamp in " + url);
		}
		return found;
	}
}
