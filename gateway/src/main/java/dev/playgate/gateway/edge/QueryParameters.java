package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.playgate.gateway.credential.ClientText;
import dev.playgate.gateway.credential.InvalidParameterException;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of one request, looked up by name regardless of case. A repeated list parameter is merged;
 * a repeated scalar must repeat the same value. A value read here with a control character in it, raw or
 * percent-encoded, is refused under the parameter's name: {@code trim()} would otherwise drop one at either end
 * unseen, and the refusal's message must not carry it.
 */
final class QueryParameters {

	private static final int MAX_PARAMETERS = 1024;
	private static final QueryParameters NONE = new QueryParameters(Map.of());

	private final Map<String, List<String>> values;

	private QueryParameters(Map<String, List<String>> values) {
		this.values = values;
	}

	/** The parameters of a request URI; the common no-query case allocates nothing. */
	static QueryParameters of(String uri) {
		int query = uri.indexOf('?');
		if (query < 0 || query == uri.length() - 1) {
			return NONE;
		}
		try {
			// ';' is an ordinary character, not a second separator: "formats=mp4;m3u8" is refused, not cut short
			return new QueryParameters(new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, MAX_PARAMETERS, true)
				.parameters());
		}
		catch (IllegalArgumentException malformed) {
			// the decoder's message quotes the whole URI: the client's text, never repeated
			throw new InvalidParameterException(PercentEncoding.MALFORMED);
		}
	}

	/** The value of {@code name} (lists joined with commas), or {@code null} when absent. */
	@Nullable String value(String name) {
		List<String> found = read(name);
		return found == null ? null : String.join(",", found);
	}

	/** A whole number of seconds within {@code [min, max]}, or {@code absent} when not given. */
	long seconds(String name, long min, long max, long absent) {
		List<String> found = read(name);
		if (found == null) {
			return absent;
		}
		String text = found.get(0).trim();
		if (found.stream().anyMatch(other -> !other.trim().equals(text))) {
			throw new InvalidParameterException(name + " must be given once");
		}
		if (text.isEmpty()) {
			return absent;
		}
		long value = parseWhole(name, text);
		if (value < min || value > max) {
			String range = max == Long.MAX_VALUE ? "at least " + min : "within " + min + ".." + max;
			throw new InvalidParameterException(name + " must be " + range + " seconds, got " + value);
		}
		return value;
	}

	private static long parseWhole(String name, String text) {
		boolean digits = text.length() <= 12 && text.chars().allMatch(c -> c >= '0' && c <= '9');
		if (!digits) {
			throw new InvalidParameterException(
					name + " must be a whole number of seconds, got " + ClientText.quoted(text));
		}
		return Long.parseLong(text);
	}

	/** The values of {@code name}, refused when one holds a control character (C0, DEL or C1). */
	private @Nullable List<String> read(String name) {
		List<String> found = lookup(name);
		if (found != null) {
			for (String value : found) {
				if (value.chars().anyMatch(Character::isISOControl)) {
					throw new InvalidParameterException(name + " must not contain control characters");
				}
			}
		}
		return found;
	}

	private @Nullable List<String> lookup(String name) {
		List<String> exact = values.get(name);
		if (exact != null || values.isEmpty()) {
			return exact;
		}
		for (Map.Entry<String, List<String>> entry : values.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name)) {
				return entry.getValue();
			}
		}
		return null;
	}
}
