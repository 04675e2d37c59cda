package dev.playgate.gateway.playinfo;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.urlsign.ReadUrl;
import dev.playgate.gateway.urlsign.SignatureCheck;
import dev.playgate.gateway.urlsign.UnsignedUrl;
import dev.playgate.gateway.urlsign.UrlSigner;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A video's stream catalogue: what one GetPlayInfo answered, read once into unsigned URLs and pre-encoded JSON, so
 * signing an answer for a viewer only hashes and concatenates. Immutable.
 *
 * @param key the catalogue's key (the play-info key without the locally filtered parameters)
 * @param trustedUntil when the catalogue stops being trusted without a catalogue event
 * @param videoBase the encoded {@code videoBase} member's value
 * @param requestId the encoded {@code requestId} value of the GetPlayInfo that produced it
 * @param streams the streams, in VOD's order
 * @param check whether the configured key verified VOD's own signatures (the worst over all streams)
 * @param weight an estimate of the bytes held, for the cache's bound
 */
record Catalogue(CredentialKey key, Instant trustedUntil, byte[] videoBase, byte[] requestId, List<Stream> streams,
		SignatureCheck check, int weight) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Reads the public play-info answer of {@code credential}, checking its URLs with {@code signer}. */
	static Catalogue read(Credential credential, UrlSigner signer) {
		JsonNode answer = JSON.readTree(credential.body());
		List<Stream> streams = new ArrayList<>();
		SignatureCheck worst = SignatureCheck.VERIFIED;
		for (JsonNode info : answer.path("playInfos")) {
			Stream stream = Stream.read((ObjectNode) info, signer);
			streams.add(stream);
			worst = worse(worst, stream.check());
		}
		return new Catalogue(credential.key(), credential.expiresAt(), JSON.writeValueAsBytes(answer.get("videoBase")),
				JSON.writeValueAsBytes(answer.get("requestId")), List.copyOf(streams),
				streams.isEmpty() ? SignatureCheck.UNSIGNED : worst, credential.body().length * 2 + 256);
	}

	private static SignatureCheck worse(SignatureCheck a, SignatureCheck b) {
		return a == SignatureCheck.MISMATCH || b == SignatureCheck.MISMATCH ? SignatureCheck.MISMATCH
				: a == SignatureCheck.UNSIGNED || b == SignatureCheck.UNSIGNED ? SignatureCheck.UNSIGNED
				: SignatureCheck.VERIFIED;
	}

	/** The streams a request's {@code Formats}, {@code Definition} and {@code StreamType} select (any when absent). */
	List<Stream> select(Map<String, String> parameters) {
		List<String> formats = list(parameters.get("Formats"));
		List<String> definitions = list(parameters.get("Definition"));
		List<String> streamTypes = list(parameters.get("StreamType"));
		List<Stream> selected = new ArrayList<>(streams.size());
		for (Stream stream : streams) {
			if (matches(formats, stream.format()) && matches(definitions, stream.definition())
					&& matches(streamTypes, stream.streamType())) {
				selected.add(stream);
			}
		}
		return selected;
	}

	private static List<String> list(@Nullable String value) {
		return value == null ? List.of() : List.of(value.toLowerCase(Locale.ROOT).split(","));
	}

	private static boolean matches(List<String> wanted, String value) {
		return wanted.isEmpty() || wanted.contains(value);
	}

	/**
	 * One stream.
	 *
	 * @param url its play URL without a signature
	 * @param format lower case, e.g. {@code m3u8}
	 * @param definition lower case, e.g. {@code hd}
	 * @param streamType lower case, {@code video} or {@code audio}
	 * @param rest the encoded members after {@code playUrl}, from the comma to the closing brace
	 * @param check what checking VOD's signature of its URL found
	 */
	record Stream(UnsignedUrl url, String format, String definition, String streamType, byte[] rest,
			SignatureCheck check) {

		private static final UnsignedUrl NONE = new UnsignedUrl("", "/", "");

		static Stream read(ObjectNode info, UrlSigner signer) {
			ReadUrl read = readUrl(info.path("playUrl").asString(""), signer);
			ObjectNode others = info.deepCopy();
			others.remove("playUrl");
			byte[] encoded = JSON.writeValueAsBytes(others);
			ByteArrayOutputStream rest = new ByteArrayOutputStream(encoded.length + 1);
			if (encoded.length > 2) {
				rest.write(',');
			}
			rest.write(encoded, 1, encoded.length - 1);
			return new Stream(read.unsigned(), lower(info, "format"), lower(info, "definition"),
					lower(info, "streamType"), rest.toByteArray(), read.check());
		}

		/** An unreadable URL cannot be signed: it reads as unsigned, and the catalogue is then served upstream. */
		private static ReadUrl readUrl(String url, UrlSigner signer) {
			try {
				return signer.read(url);
			}
			catch (IllegalArgumentException ex) {
				return new ReadUrl(NONE, SignatureCheck.UNSIGNED);
			}
		}

		private static String lower(JsonNode info, String name) {
			return info.path(name).asString("").toLowerCase(Locale.ROOT);
		}
	}

	@Override
	public String toString() {
		return "Catalogue[" + key + ", " + streams.size() + " streams, trustedUntil=" + trustedUntil + ", " + check
				+ "]";
	}
}
