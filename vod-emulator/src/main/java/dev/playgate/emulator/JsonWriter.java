package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming JSON writer that emits raw UTF-8 and never a {@code \}{@code uXXXX} escape, because the SDK's
 * {@code JsonReader} only understands the short escapes (reference §6.3).
 */
final class JsonWriter {

	private static final int MAX_DEPTH = 16;

	private final StringBuilder out;
	private final boolean[] hasMember = new boolean[MAX_DEPTH];
	private int depth;

	JsonWriter(int capacity) {
		this.out = new StringBuilder(capacity);
	}

	JsonWriter beginObject() {
		return open('{');
	}

	JsonWriter beginObject(String name) {
		return name(name).open('{');
	}

	JsonWriter endObject() {
		return close('}');
	}

	JsonWriter beginArray(String name) {
		return name(name).open('[');
	}

	JsonWriter beginArray() {
		return open('[');
	}

	JsonWriter endArray() {
		return close(']');
	}

	JsonWriter field(String name, String value) {
		name(name);
		quote(value);
		return this;
	}

	JsonWriter field(String name, long value) {
		name(name);
		out.append(value);
		return this;
	}

	JsonWriter field(String name, boolean value) {
		name(name);
		out.append(value);
		return this;
	}

	/** A number written exactly as given (e.g. {@code 120.5}); the caller guarantees it is a JSON number. */
	JsonWriter rawNumber(String name, String number) {
		name(name);
		out.append(number);
		return this;
	}

	JsonWriter value(String value) {
		separate();
		quote(value);
		return this;
	}

	byte[] toBytes() {
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return out.toString();
	}

	/** Escapes a string for a JSON body using only the escapes the SDK's reader knows; other controls become spaces. */
	static void escape(String value, StringBuilder out) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> out.append(c < 0x20 ? ' ' : c);
			}
		}
	}

	private JsonWriter name(String name) {
		separate();
		quote(name);
		out.append(':');
		return this;
	}

	private void quote(String value) {
		out.append('"');
		escape(value, out);
		out.append('"');
	}

	private void separate() {
		if (depth > 0) {
			if (hasMember[depth - 1]) {
				out.append(',');
			}
			hasMember[depth - 1] = true;
		}
	}

	private JsonWriter open(char bracket) {
		if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
			separate();
		}
		out.append(bracket);
		hasMember[depth++] = false;
		return this;
	}

	private JsonWriter close(char bracket) {
		depth--;
		out.append(bracket);
		return this;
	}
}
