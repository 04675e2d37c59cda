package dev.playgate.gateway.api;

/**
 * The answer to an authenticated VOD event callback, {@code {"outcome","detail"}}: {@code accepted} (the video was
 * purged) or {@code ignored}, with a short reason. VOD looks only at the status; the body is for people and logs.
 *
 * @param outcome {@code accepted} or {@code ignored}
 * @param detail a short reason, e.g. {@code purged}, {@code replayed}, {@code not-purging}
 */
public record EventAnswer(String outcome, String detail) {

	/** The encoded answer, UTF-8 JSON. */
	public byte[] encode() {
		return AnswerJson.write(64 + detail.length(), json -> {
			json.writeStartObject();
			json.writeStringProperty("outcome", outcome);
			json.writeStringProperty("detail", detail);
			json.writeEndObject();
		});
	}
}
