package dev.playgate.loadtest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed, validated {@code -D} properties a simulation is tuned with. A bad value stops the run before any load
 * is sent, with a message that names the property and the value.
 */
final class Knobs {

	/** Every knob read so far with the value in effect, for the run summary. */
	private static final Map<String, String> IN_EFFECT = new TreeMap<>();

	private Knobs() {
	}

	/** The knobs read so far and the values in effect. */
	static synchronized Map<String, String> inEffect() {
		return Map.copyOf(IN_EFFECT);
	}

	private static synchronized <T> T record(String key, T value) {
		// an API key and the event receiver's key are secrets: the summary says whether one was sent, never which
		boolean secret = (key.equals("apiKey") || key.equals("eventKey")) && !String.valueOf(value).isEmpty();
		IN_EFFECT.put(key, secret ? "(set)" : String.valueOf(value));
		return value;
	}

	/** The gateway base URLs ({@code -DbaseUrls=http://a:8080,http://b:8080}); virtual users are spread over them. */
	static List<String> baseUrls() {
		String raw = text("baseUrls", System.getProperty("baseUrl", "http://127.0.0.1:8080"));
		List<String> urls = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
		for (String url : urls) {
			if (!url.startsWith("http://") && !url.startsWith("https://")) {
				throw new IllegalArgumentException("baseUrls must be http(s) URLs: " + url);
			}
		}
		if (urls.isEmpty()) {
			throw new IllegalArgumentException("baseUrls must name at least one URL: '" + raw + "'");
		}
		record("baseUrls", String.join(",", urls));
		return urls;
	}

	/** A text property, or its default when unset. */
	static String text(String key, String fallback) {
		String value = System.getProperty(key);
		return record(key, value == null ? fallback : value.trim());
	}

	/** A whole-number property within [min, max]. */
	static int integer(String key, int fallback, int min, int max) {
		String value = System.getProperty(key);
		if (value == null || value.isBlank()) {
			return record(key, fallback);
		}
		int parsed;
		try {
			parsed = Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(key + " must be a whole number: '" + value + "'", ex);
		}
		return record(key, within(key, parsed, min, max));
	}

	/** A decimal property within [min, max]. */
	static double decimal(String key, double fallback, double min, double max) {
		String value = System.getProperty(key);
		if (value == null || value.isBlank()) {
			return record(key, fallback);
		}
		double parsed;
		try {
			parsed = Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(key + " must be a number: '" + value + "'", ex);
		}
		if (!(parsed >= min && parsed <= max)) {
			throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ": " + value);
		}
		return record(key, parsed);
	}

	private static int within(String key, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ": " + value);
		}
		return value;
	}
}
