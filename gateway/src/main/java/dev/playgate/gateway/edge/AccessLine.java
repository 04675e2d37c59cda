package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;

import dev.playgate.gateway.credential.ProblemCode;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * The access-log line of one exchange: what is known about the request while it is answered, then the line itself,
 * written as UTF-8 JSON bytes straight into a caller's array ({@link #writeTo}) with no {@code String} or builder in
 * between. The fields, their order and their escaping are the access log's contract: {@code requestId},
 * {@code client}, {@code method}, {@code path} (without the query), {@code status}, {@code cache}, {@code code} and
 * {@code durationMs} (milliseconds with three digits of microseconds), one JSON object and a newline. Strings escape
 * quotes, backslashes, control characters and U+2028/U+2029; any other character is written as itself in UTF-8, an
 * unpaired surrogate as {@code ?} (what {@code String.getBytes(UTF_8)} gives).
 */
final class AccessLine {

	/** The longest a line can be beyond six bytes per character of its strings (keys, quotes, numbers, newline). */
	private static final int FIXED_LENGTH = 160;
	private static final int MAX_BYTES_PER_CHAR = 6;
	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] REQUEST_ID = ascii("{\"requestId\":");
	private static final byte[] CLIENT = ascii(",\"client\":");
	private static final byte[] METHOD = ascii(",\"method\":");
	private static final byte[] PATH = ascii(",\"path\":");
	private static final byte[] STATUS = ascii(",\"status\":");
	private static final byte[] CACHE = ascii(",\"cache\":");
	private static final byte[] CODE = ascii(",\"code\":");
	private static final byte[] DURATION = ascii(",\"durationMs\":");
	private static final byte[] NULL = ascii("null");
	private static final byte[] MIN_LONG = ascii(Long.toString(Long.MIN_VALUE));

	final long startNanos;
	final AsciiString requestId;
	@Nullable String client;
	@Nullable ProblemCode code;
	boolean written;
	private @Nullable String method;
	private String uri = "";
	private int status;
	private @Nullable CharSequence cache;
	private long durationMicros;

	/** The line of a request that started at {@code startNanos} (ticker time) with this request id. */
	AccessLine(long startNanos, AsciiString requestId) {
		this.startNanos = startNanos;
		this.requestId = requestId;
	}

	/**
	 * Records how the exchange ended: {@code peer} is the client when no caller was admitted, {@code uri} the request
	 * URI (its query is not written), {@code endNanos} ticker time.
	 */
	AccessLine end(@Nullable String peer, String method, String uri, int status, @Nullable CharSequence cache,
			long endNanos) {
		if (client == null) {
			client = peer;
		}
		this.method = method;
		this.uri = uri;
		this.status = status;
		this.cache = cache;
		this.durationMicros = (endNanos - startNanos) / 1_000;
		return this;
	}

	/** The most bytes {@link #writeTo} can write for this line, newline included; cheap (lengths only). */
	int maxLength() {
		int chars = length(client) + length(method) + uri.length() + length(cache)
				+ (code == null ? 0 : code.name().length());
		return FIXED_LENGTH + requestId.length() + MAX_BYTES_PER_CHAR * chars;
	}

	/**
	 * Writes the line and its newline at {@code at}, which must leave {@link #maxLength()} bytes; returns where it
	 * ended.
	 */
	int writeTo(byte[] to, int at) {
		at = raw(to, at, REQUEST_ID);
		to[at++] = '"';
		System.arraycopy(requestId.array(), requestId.arrayOffset(), to, at, requestId.length());
		at += requestId.length();
		to[at++] = '"';
		at = string(to, raw(to, at, CLIENT), client);
		at = string(to, raw(to, at, METHOD), method);
		int query = uri.indexOf('?');
		at = string(to, raw(to, at, PATH), uri, query < 0 ? uri.length() : query);
		at = number(to, raw(to, at, STATUS), status);
		at = string(to, raw(to, at, CACHE), cache);
		at = string(to, raw(to, at, CODE), code == null ? null : code.name());
		at = number(to, raw(to, at, DURATION), durationMicros / 1000);
		to[at++] = '.';
		long fraction = durationMicros % 1000;
		if (fraction < 100) {
			to[at++] = '0';
			if (fraction < 10) {
				to[at++] = '0';
			}
		}
		at = number(to, at, fraction);
		to[at++] = '}';
		to[at++] = '\n';
		return at;
	}

	private static int length(@Nullable CharSequence value) {
		return value == null ? 0 : value.length();
	}

	private static int raw(byte[] to, int at, byte[] bytes) {
		System.arraycopy(bytes, 0, to, at, bytes.length);
		return at + bytes.length;
	}

	private static int string(byte[] to, int at, @Nullable CharSequence value) {
		return value == null ? raw(to, at, NULL) : string(to, at, value, value.length());
	}

	/** Writes the first {@code end} characters of {@code value} as a JSON string; plain ASCII is copied as it is. */
	private static int string(byte[] to, int at, CharSequence value, int end) {
		to[at++] = '"';
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
				to[at++] = (byte) c;
			}
			else if (c < 0x80) {
				at = escape(to, at, c);
			}
			else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))) {
				at = codePoint(to, at, Character.toCodePoint(c, value.charAt(++i)));
			}
			else if (Character.isSurrogate(c)) {
				to[at++] = '?';
			}
			else if (c == 0x2028 || c == 0x2029) {
				at = unicode(to, at, c);
			}
			else {
				at = codePoint(to, at, c);
			}
		}
		to[at++] = '"';
		return at;
	}

	private static int escape(byte[] to, int at, char c) {
		byte escaped = switch (c) {
			case '"' -> '"';
			case '\\' -> '\\';
			case '\n' -> 'n';
			case '\r' -> 'r';
			case '\t' -> 't';
			default -> 0;
		};
		if (escaped == 0) {
			return unicode(to, at, c);
		}
		to[at] = '\\';
		to[at + 1] = escaped;
		return at + 2;
	}

	private static int unicode(byte[] to, int at, char c) {
		to[at] = '\\';
		to[at + 1] = 'u';
		to[at + 2] = HEX[c >> 12];
		to[at + 3] = HEX[(c >> 8) & 0xF];
		to[at + 4] = HEX[(c >> 4) & 0xF];
		to[at + 5] = HEX[c & 0xF];
		return at + 6;
	}

	/** UTF-8 of a code point from U+0080 up. */
	private static int codePoint(byte[] to, int at, int cp) {
		if (cp < 0x800) {
			to[at++] = (byte) (0xC0 | (cp >> 6));
		}
		else if (cp < 0x10000) {
			to[at++] = (byte) (0xE0 | (cp >> 12));
			to[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
		}
		else {
			to[at++] = (byte) (0xF0 | (cp >> 18));
			to[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
			to[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
		}
		to[at++] = (byte) (0x80 | (cp & 0x3F));
		return at;
	}

	/** The decimal digits of {@code value}, as {@code StringBuilder.append(long)} writes them. */
	static int number(byte[] to, int at, long value) {
		if (value == Long.MIN_VALUE) {
			return raw(to, at, MIN_LONG);
		}
		if (value < 0) {
			to[at++] = '-';
			value = -value;
		}
		int end = at + digits(value);
		for (int i = end - 1; i >= at; i--) {
			to[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		return end;
	}

	private static int digits(long value) {
		int digits = 1;
		for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
			digits++;
		}
		return digits;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}
}
