package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal streaming JSON writer that emits raw UTF-8 and never a {@code \}{@code uXXXX} escape, because the SDK's
 * {@code JsonReader} only understands the short escapes (reference §6.3).
 */
final class JsonWriter {

	private static final int MAX_DEPTH = 16;

	private byte[] out;
	private int length;
	private final boolean[] hasMember = new boolean[MAX_DEPTH];
	private int depth;

	JsonWriter(int capacity) {
		this.out = new byte[capacity];
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
		ascii(Long.toString(value));
		return this;
	}

	JsonWriter field(String name, boolean value) {
		name(name);
		ascii(value ? "true" : "false");
		return this;
	}

	/** A number written exactly as given (e.g. {@code 120.5}); the caller guarantees it is a JSON number. */
	JsonWriter rawNumber(String name, String number) {
		name(name);
		ascii(number);
		return this;
	}

	JsonWriter value(String value) {
		separate();
		quote(value);
		return this;
	}

	/** Appends members encoded earlier by {@link #members()}, e.g. the static part of an object. */
	JsonWriter raw(byte[] members) {
		if (members.length > 0) {
			separate();
			ensure(members.length);
			System.arraycopy(members, 0, out, length, members.length);
			length += members.length;
		}
		return this;
	}

	/** The members written so far into this writer's open object, without its brace, for {@link #raw(byte[])}. */
	byte[] members() {
		return Arrays.copyOfRange(out, 1, length);
	}

	byte[] toBytes() {
		return Arrays.copyOf(out, length);
	}

	@Override
	public String toString() {
		return new String(out, 0, length, StandardCharsets.UTF_8);
	}

	private JsonWriter name(String name) {
		separate();
		quote(name);
		put((byte) ':');
		return this;
	}

	/** Writes a quoted string using only the escapes the SDK's reader knows; other controls become spaces. */
	private void quote(String value) {
		put((byte) '"');
		int count = value.length();
		for (int i = 0; i < count; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
				put((byte) c);
			}
			else if (c < 0x80) {
				escape(c);
			}
			else {
				i = utf8(value, i);
			}
		}
		put((byte) '"');
	}

	private void escape(char c) {
		switch (c) {
			case '"' -> ascii("\\\"");
			case '\\' -> ascii("\\\\");
			case '\n' -> ascii("\\n");
			case '\r' -> ascii("\\r");
			case '\t' -> ascii("\\t");
			case '\b' -> ascii("\\b");
			case '\f' -> ascii("\\f");
			default -> put((byte) ' ');
		}
	}

	private int utf8(String value, int index) {
		char c = value.charAt(index);
		if (c < 0x800) {
			put((byte) (0xC0 | (c >> 6)));
			put((byte) (0x80 | (c & 0x3F)));
			return index;
		}
		if (Character.isHighSurrogate(c) && index + 1 < value.length()
				&& Character.isLowSurrogate(value.charAt(index + 1))) {
			int code = Character.toCodePoint(c, value.charAt(index + 1));
			put((byte) (0xF0 | (code >> 18)));
			put((byte) (0x80 | ((code >> 12) & 0x3F)));
			put((byte) (0x80 | ((code >> 6) & 0x3F)));
			put((byte) (0x80 | (code & 0x3F)));
			return index + 1;
		}
		if (Character.isSurrogate(c)) {
			put((byte) '?');
			return index;
		}
		put((byte) (0xE0 | (c >> 12)));
		put((byte) (0x80 | ((c >> 6) & 0x3F)));
		put((byte) (0x80 | (c & 0x3F)));
		return index;
	}

	private void ascii(String text) {
		int count = text.length();
		ensure(count);
		for (int i = 0; i < count; i++) {
			out[length++] = (byte) text.charAt(i);
		}
	}

	private void put(byte b) {
		if (length == out.length) {
			ensure(1);
		}
		out[length++] = b;
	}

	private void ensure(int more) {
		if (length + more > out.length) {
			out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
		}
	}

	private void separate() {
		if (depth > 0) {
			if (hasMember[depth - 1]) {
				put((byte) ',');
			}
			hasMember[depth - 1] = true;
		}
	}

	private JsonWriter open(char bracket) {
		if (length > 0 && out[length - 1] != ':') {
			separate();
		}
		put((byte) bracket);
		hasMember[depth++] = false;
		return this;
	}

	private JsonWriter close(char bracket) {
		depth--;
		put((byte) bracket);
		return this;
	}
}
