package dev.playgate.gateway.api;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The answer of {@code POST /v1/play-auth/batch}: {@code {"items":[...]}}, one already encoded item per requested id,
 * in order (a {@link PlayAuthAnswer} or a {@link Problem} naming its {@code videoId}). The items are copied as they
 * are, so a batch of cached credentials encodes nothing again.
 */
public final class BatchAnswer {

	private static final byte[] START = { '{', '"', 'i', 't', 'e', 'm', 's', '"', ':', '[' };
	private static final byte[] END = { ']', '}' };

	private BatchAnswer() {
	}

	/** The encoded answer around {@code items}, each a complete JSON object. */
	public static byte[] encode(List<byte[]> items) {
		int size = START.length + END.length + items.size();
		for (byte[] item : items) {
			size += item.length;
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream(size);
		body.writeBytes(START);
		for (int i = 0; i < items.size(); i++) {
			if (i > 0) {
				body.write(',');
			}
			body.writeBytes(items.get(i));
		}
		body.writeBytes(END);
		return body.toByteArray();
	}
}
