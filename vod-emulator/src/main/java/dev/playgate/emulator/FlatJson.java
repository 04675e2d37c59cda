package dev.playgate.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A reader for flat JSON objects ({@code {"name": "text" | number | true | false | null, ...}}): enough for the
 * {@code PlayConfig} / {@code ReAuthInfo} parameters and the admin API, without a JSON library in the jar.
 */
final class FlatJson {

	private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

	private final String text;
	private int position;

	private FlatJson(String text) {
		this.text = text;
	}

	/** The members of a flat object as strings ({@code null} values are left out); throws on anything else. */
	static Map<String, String> parse(String text) {
		return new FlatJson(text).object();
	}

	private Map<String, String> object() {
		Map<String, String> members = new LinkedHashMap<>();
		expect('{');
		if (peek() == '}') {
			position++;
			return end(members);
		}
		do {
			String name = string();
			expect(':');
			String value = value();
			if (value != null) {
				members.put(name, value);
			}
		}
		while (consume(','));
		expect('}');
		return end(members);
	}

	private Map<String, String> end(Map<String, String> members) {
		if (peek() != 0) {
			throw fail("trailing characters");
		}
		return members;
	}

	private String value() {
		char c = peek();
		if (c == '"') {
			return string();
		}
		int start = position;
		while (position < text.length() && "-+.eE0123456789truefalsn".indexOf(text.charAt(position)) >= 0) {
			position++;
		}
		String literal = text.substring(start, position);
		if (literal.equals("null")) {
			return null;
		}
		if (literal.equals("true") || literal.equals("false") || NUMBER.matcher(literal).matches()) {
			return literal;
		}
		throw fail("unsupported value");
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (position < text.length()) {
			char c = text.charAt(position++);
			if (c == '"') {
				return out.toString();
			}
			if (c == '\\') {
				out.append(escaped());
			}
			else {
				out.append(c);
			}
		}
		throw fail("unterminated string");
	}

	private char escaped() {
		if (position >= text.length()) {
			throw fail("unterminated escape");
		}
		char c = text.charAt(position++);
		return switch (c) {
			case 'n' -> '\n';
			case 't' -> '\t';
			case 'r' -> '\r';
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'u' -> unicode();
			default -> c;
		};
	}

	private char unicode() {
		if (position + 4 > text.length()) {
			throw fail("short unicode escape");
		}
		try {
			return (char) Integer.parseInt(text.substring(position, position += 4), 16);
		}
		catch (NumberFormatException ex) {
			throw fail("bad unicode escape");
		}
	}

	private void expect(char c) {
		if (peek() != c) {
			throw fail("expected '" + c + "'");
		}
		position++;
	}

	private boolean consume(char c) {
		if (peek() == c) {
			position++;
			return true;
		}
		return false;
	}

	private char peek() {
		while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
			position++;
		}
		return position < text.length() ? text.charAt(position) : 0;
	}

	private IllegalArgumentException fail(String why) {
		return new IllegalArgumentException("not a flat JSON object (" + why + " at " + position + ")");
	}
}
