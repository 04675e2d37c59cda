package dev.playgate.gateway.api;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The one JSON setup every public answer (and the claims of a locally minted JWTPlayAuth) is written with: a Jackson {@link JsonFactory} with its defaults (UTF-8,
 * nothing escaped beyond what JSON requires), and the field forms the answers share.
 */
public final class AnswerJson {

	private static final JsonFactory FACTORY = new JsonFactory();

	private AnswerJson() {
	}

	/** The UTF-8 bytes {@code body} writes, starting from a buffer of {@code sizeHint} bytes. */
	public static byte[] write(int sizeHint, Consumer<JsonGenerator> body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
		try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			body.accept(json);
		}
		return out.toByteArray();
	}

	/** Writes {@code name} with {@code value} as {@code writer} writes it, or {@code null} when there is none. */
	static <T> void property(JsonGenerator json, String name, @Nullable T value, BiConsumer<T, JsonGenerator> writer) {
		json.writeName(name);
		if (value == null) {
			json.writeNull();
		}
		else {
			writer.accept(value, json);
		}
	}

	/** The RFC 3339 UTC form of an instant, in whole seconds, as every {@code expiresAt} is written. */
	static String instant(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}
}
