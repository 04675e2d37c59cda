import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

/**
 * Prints one value of the JSON document on standard input, named by a dotted path ({@code actions.GetPlayInfo.calls},
 * an array element by its index: {@code items.0.videoId}); prints {@code ?} and exits 1 when the path names nothing.
 * A small reader of standard JSON for the bench/ scripts, so they need nothing beyond the JDK.
 */
public final class JsonValue {

	private final String text;
	private int at;

	private JsonValue(String text) {
		this.text = text;
	}

	public static void main(String[] args) throws IOException {
		Object value = new JsonValue(new String(System.in.readAllBytes(), StandardCharsets.UTF_8)).document();
		for (String name : args[0].split("\\.")) {
			if (value instanceof Map<?, ?> object) {
				value = object.get(name);
			}
			else if (value instanceof List<?> array && name.matches("\\d+") && Integer.parseInt(name) < array.size()) {
				value = array.get(Integer.parseInt(name));
			}
			else {
				value = null;
			}
		}
		System.out.println(value == null ? "?" : value);
		System.exit(value == null ? 1 : 0);
	}

	private Object document() {
		Object value = value();
		space();
		if (at != text.length()) {
			throw new IllegalArgumentException("trailing text at " + at);
		}
		return value;
	}

	private Object value() {
		space();
		char c = text.charAt(at);
		return switch (c) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", "null");
			default -> number();
		};
	}

	private Map<String, Object> object() {
		Map<String, Object> object = new LinkedHashMap<>();
		at++;
		space();
		if (text.charAt(at) == '}') {
			at++;
			return object;
		}
		do {
			space();
			String name = string();
			space();
			expect(':');
			object.put(name, value());
			space();
		}
		while (text.charAt(at++) == ',');
		expectPrevious('}');
		return object;
	}

	private List<Object> array() {
		List<Object> array = new ArrayList<>();
		at++;
		space();
		if (text.charAt(at) == ']') {
			at++;
			return array;
		}
		do {
			array.add(value());
			space();
		}
		while (text.charAt(at++) == ',');
		expectPrevious(']');
		return array;
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
			if (c == '\\') {
				char escaped = text.charAt(at++);
				switch (escaped) {
					case 'n' -> out.append('\n');
					case 't' -> out.append('\t');
					case 'r' -> out.append('\r');
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'u' -> {
						out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
						at += 4;
					}
					default -> out.append(escaped);
				}
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private String number() {
		int start = at;
		while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
			at++;
		}
		if (start == at) {
			throw new IllegalArgumentException("unexpected '" + text.charAt(at) + "' at " + at);
		}
		return text.substring(start, at);
	}

	private Object literal(String word, Object value) {
		if (!text.startsWith(word, at)) {
			throw new IllegalArgumentException("expected " + word + " at " + at);
		}
		at += word.length();
		return value;
	}

	private void expect(char c) {
		if (text.charAt(at++) != c) {
			throw new IllegalArgumentException("expected '" + c + "' at " + (at - 1));
		}
	}

	private void expectPrevious(char c) {
		if (text.charAt(at - 1) != c) {
			throw new IllegalArgumentException("expected '" + c + "' at " + (at - 1));
		}
	}

	private void space() {
		while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
			at++;
		}
	}
}
