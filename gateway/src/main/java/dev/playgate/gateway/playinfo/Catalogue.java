package dev.playgate.gateway.playinfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.playgate.gateway.api.PlayInfoTemplate;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.urlsign.ReadUrl;
import dev.playgate.gateway.urlsign.SignatureCheck;
import dev.playgate.gateway.urlsign.UnsignedUrl;
import dev.playgate.gateway.urlsign.UrlSigner;
import org.jspecify.annotations.Nullable;

/**
 * A video's stream catalogue: what one GetPlayInfo answered, taken apart once into unsigned URLs and pre-encoded
 * parts, so signing an answer for a viewer only hashes and concatenates. Immutable.
 *
 * @param key the catalogue's key (the play-info key without the locally filtered parameters)
 * @param trustedUntil when the catalogue stops being trusted without a catalogue event
 * @param template the answer taken apart
 * @param streams the streams, in VOD's order
 * @param check whether the configured key verified VOD's own signatures (the worst over all streams)
 */
record Catalogue(CredentialKey key, Instant trustedUntil, PlayInfoTemplate template, List<Stream> streams,
		SignatureCheck check) {

	private static final UnsignedUrl NONE = new UnsignedUrl("", "/", "");

	/** Reads the public play-info answer of {@code credential}, checking its URLs with {@code signer}. */
	static Catalogue read(Credential credential, UrlSigner signer) {
		PlayInfoTemplate template = PlayInfoTemplate.read(credential.body());
		List<Stream> streams = new ArrayList<>();
		SignatureCheck worst = SignatureCheck.VERIFIED;
		for (PlayInfoTemplate.Stream part : template.streams()) {
			ReadUrl read = readUrl(part.playUrl(), signer);
			streams.add(new Stream(part, read.unsigned(), read.check()));
			worst = worse(worst, read.check());
		}
		return new Catalogue(credential.key(), credential.expiresAt(), template, List.copyOf(streams),
				streams.isEmpty() ? SignatureCheck.UNSIGNED : worst);
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

	private static SignatureCheck worse(SignatureCheck a, SignatureCheck b) {
		return a == SignatureCheck.MISMATCH || b == SignatureCheck.MISMATCH ? SignatureCheck.MISMATCH
				: a == SignatureCheck.UNSIGNED || b == SignatureCheck.UNSIGNED ? SignatureCheck.UNSIGNED
				: SignatureCheck.VERIFIED;
	}

	/** About how many bytes it holds, for the cache's bound. */
	int weight() {
		return template.weight() + streams.size() * 128;
	}

	/** The streams a request's {@code Formats}, {@code Definition} and {@code StreamType} select (any when absent). */
	List<Stream> select(Map<String, String> parameters) {
		List<String> formats = list(parameters.get("Formats"));
		List<String> definitions = list(parameters.get("Definition"));
		List<String> streamTypes = list(parameters.get("StreamType"));
		List<Stream> selected = new ArrayList<>(streams.size());
		for (Stream stream : streams) {
			PlayInfoTemplate.Stream part = stream.part();
			if (matches(formats, part.format()) && matches(definitions, part.definition())
					&& matches(streamTypes, part.streamType())) {
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
	 * @param part its pre-encoded members and filter values
	 * @param url its play URL without a signature
	 * @param check what checking VOD's signature of its URL found
	 */
	record Stream(PlayInfoTemplate.Stream part, UnsignedUrl url, SignatureCheck check) {
	}

	@Override
	public String toString() {
		return "Catalogue[" + key + ", " + streams.size() + " streams, trustedUntil=" + trustedUntil + ", " + check
				+ "]";
	}
}
