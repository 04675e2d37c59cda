package dev.playgate.gateway.credential;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * What one upstream call produces: an action, a video and the normalised upstream parameters (names as VOD spells
 * them, values trimmed, case-folded and, for lists, sorted and deduplicated). Equivalent requests produce equal keys,
 * so they share one cache entry. A request's {@code minValidity} is not part of the key: it decides whether an entry
 * may be served, not which entry it is.
 *
 * <p>
 * Every cache hit builds one key and looks it up, so a key is compact and builds no text: the video id is packed
 * into three longs and an int (6 bits a character), the parameters are a shared, sorted array of names and values,
 * and the hash is computed from these fields once. It is the hash {@link String#hashCode()} gives the
 * {@link #canonical()} form, so it is the same on every replica and in every version that used that text as the key.
 * The canonical text itself is written only when asked for (Redis names, logs, the operator's listing).
 */
public final class CredentialKey {

	private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	private static final int CHARS_PER_WORD = 10;
	private static final int BITS = 6;
	private static final int[] PREFIX_HASH = prefixHashes();

	private final Action action;
	private final long id0;
	private final long id1;
	private final long id2;
	private final int id3;
	private final Parameters parameters;
	private final int hash;
	private final int videoIdHash;

	private CredentialKey(Action action, VideoId videoId, Parameters parameters) {
		String id = videoId.value();
		this.action = action;
		this.id0 = pack(id, 0);
		this.id1 = pack(id, CHARS_PER_WORD);
		this.id2 = pack(id, 2 * CHARS_PER_WORD);
		this.id3 = (int) pack(id, 3 * CHARS_PER_WORD);
		this.parameters = parameters;
		int h = PREFIX_HASH[action.ordinal()];
		int idHash = 0;
		for (int i = 0; i < VideoId.LENGTH; i++) {
			h = 31 * h + id.charAt(i);
			idHash = 31 * idHash + id.charAt(i);
		}
		this.hash = parameters.hashAfter(h);
		this.videoIdHash = idHash;
	}

	/** A key from already-normalised upstream parameters. */
	public static CredentialKey of(Action action, VideoId videoId, Map<String, String> parameters) {
		return of(action, videoId, Parameters.of(parameters));
	}

	/** A key with parameters that may be shared by many keys. */
	public static CredentialKey of(Action action, VideoId videoId, Parameters parameters) {
		Objects.requireNonNull(action, "action must not be null");
		Objects.requireNonNull(videoId, "videoId must not be null");
		Objects.requireNonNull(parameters, "parameters must not be null");
		return new CredentialKey(action, videoId, parameters);
	}

	/** The key written by {@link #canonical()}, read back (for example from a Redis key or an L2 entry). */
	public static CredentialKey parse(String canonical) {
		int colon = canonical.indexOf(':');
		int query = canonical.indexOf('?');
		if (colon < 0) {
			throw new IllegalArgumentException("not a credential key: " + canonical);
		}
		Action action = actionOf(canonical.substring(0, colon));
		String id = canonical.substring(colon + 1, query < 0 ? canonical.length() : query);
		SortedMap<String, String> parameters = new TreeMap<>();
		if (query >= 0 && query + 1 < canonical.length()) {
			for (String pair : canonical.substring(query + 1).split("&")) {
				int eq = pair.indexOf('=');
				parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return of(action, VideoId.parse(id), parameters);
	}

	/** A test of keys for {@code videoId}, comparing packed ids: no text is built per key tested. */
	public static Predicate<CredentialKey> forVideo(VideoId videoId) {
		CredentialKey probe = new CredentialKey(Action.PLAY_AUTH, videoId, Parameters.NONE);
		return key -> key.id0 == probe.id0 && key.id1 == probe.id1 && key.id2 == probe.id2 && key.id3 == probe.id3;
	}

	private static Action actionOf(String segment) {
		for (Action action : Action.values()) {
			if (action.pathSegment().equals(segment)) {
				return action;
			}
		}
		throw new IllegalArgumentException("unknown action in credential key: " + segment);
	}

	/** The upstream API this key is fetched from. */
	public Action action() {
		return action;
	}

	/** The video this key is for. */
	public VideoId videoId() {
		char[] id = new char[VideoId.LENGTH];
		unpack(id0, id, 0);
		unpack(id1, id, CHARS_PER_WORD);
		unpack(id2, id, 2 * CHARS_PER_WORD);
		unpack(id3, id, 3 * CHARS_PER_WORD);
		return new VideoId(new String(id));
	}

	/** The hash of the video id's text ({@code videoId().value().hashCode()}), without writing the text. */
	public int videoIdHash() {
		return videoIdHash;
	}

	/** The normalised upstream parameters, sorted by name (a new map on every call). */
	public SortedMap<String, String> parameters() {
		return parameters.asMap();
	}

	/** One parameter's normalised value, or {@code null} when the request left it to VOD's default. */
	public @Nullable String parameter(String name) {
		return parameters.get(name);
	}

	/**
	 * A stable text form, e.g. {@code play-auth:<id>?AuthInfoTimeout=3000}; the same on every replica. Written anew on
	 * every call, so a cached key does not hold it.
	 */
	public String canonical() {
		StringBuilder text = new StringBuilder(96).append(action.pathSegment()).append(':');
		char[] id = new char[VideoId.LENGTH];
		unpack(id0, id, 0);
		unpack(id1, id, CHARS_PER_WORD);
		unpack(id2, id, 2 * CHARS_PER_WORD);
		unpack(id3, id, 3 * CHARS_PER_WORD);
		text.append(id);
		parameters.appendTo(text);
		return text.toString();
	}

	/** The bytes the {@link #canonical()} text has, without writing it. */
	public int canonicalLength() {
		return action.pathSegment().length() + 1 + VideoId.LENGTH + parameters.textLength();
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof CredentialKey that && hash == that.hash && id0 == that.id0
				&& id1 == that.id1 && id2 == that.id2 && id3 == that.id3 && action == that.action
				&& parameters.equals(that.parameters));
	}

	@Override
	public int hashCode() {
		return hash;
	}

	@Override
	public String toString() {
		return canonical();
	}

	private static long pack(String id, int from) {
		long word = 0;
		int to = Math.min(from + CHARS_PER_WORD, VideoId.LENGTH);
		for (int i = from; i < to; i++) {
			word = (word << BITS) | digit(id.charAt(i));
		}
		return word;
	}

	private static void unpack(long word, char[] into, int from) {
		int to = Math.min(from + CHARS_PER_WORD, VideoId.LENGTH);
		for (int i = to - 1; i >= from; i--) {
			into[i] = DIGITS.charAt((int) (word & 0x3F));
			word >>>= BITS;
		}
	}

	private static int digit(char c) {
		if (c <= '9') {
			return c - '0';
		}
		return c <= 'Z' ? c - 'A' + 10 : c - 'a' + 36;
	}

	private static int[] prefixHashes() {
		Action[] actions = Action.values();
		int[] hashes = new int[actions.length];
		for (Action action : actions) {
			hashes[action.ordinal()] = (action.pathSegment() + ':').hashCode();
		}
		return hashes;
	}

	/**
	 * Normalised upstream parameters, sorted by name: an immutable value that many keys may share (every play-auth
	 * key with the default timeout holds the same one).
	 */
	public static final class Parameters {

		static final Parameters NONE = new Parameters(new String[0]);

		/** Names and values alternating, sorted by name; never modified. */
		private final String[] pairs;

		private Parameters(String[] pairs) {
			this.pairs = pairs;
		}

		/** The parameters of {@code parameters}, sorted by name. */
		public static Parameters of(Map<String, String> parameters) {
			if (parameters.isEmpty()) {
				return NONE;
			}
			SortedMap<String, String> sorted = parameters instanceof SortedMap<String, String> map
					&& map.comparator() == null ? map : new TreeMap<>(parameters);
			String[] pairs = new String[2 * sorted.size()];
			int i = 0;
			for (Map.Entry<String, String> parameter : sorted.entrySet()) {
				pairs[i++] = parameter.getKey();
				pairs[i++] = parameter.getValue();
			}
			return new Parameters(pairs);
		}

		@Nullable String get(String name) {
			for (int i = 0; i < pairs.length; i += 2) {
				if (pairs[i].equals(name)) {
					return pairs[i + 1];
				}
			}
			return null;
		}

		SortedMap<String, String> asMap() {
			TreeMap<String, String> map = new TreeMap<>();
			for (int i = 0; i < pairs.length; i += 2) {
				map.put(pairs[i], pairs[i + 1]);
			}
			return Collections.unmodifiableSortedMap(map);
		}

		/** Continues {@code h}, a {@link String#hashCode()} in progress, over this part of the canonical text. */
		int hashAfter(int h) {
			for (int i = 0; i < pairs.length; i += 2) {
				h = 31 * h + (i == 0 ? '?' : '&');
				h = continueHash(h, pairs[i]);
				h = 31 * h + '=';
				h = continueHash(h, String.valueOf(pairs[i + 1]));
			}
			return h;
		}

		void appendTo(StringBuilder text) {
			for (int i = 0; i < pairs.length; i += 2) {
				text.append(i == 0 ? '?' : '&').append(pairs[i]).append('=').append(pairs[i + 1]);
			}
		}

		int textLength() {
			int length = 0;
			for (int i = 0; i < pairs.length; i += 2) {
				length += 2 + pairs[i].length() + String.valueOf(pairs[i + 1]).length();
			}
			return length;
		}

		private static int continueHash(int h, String text) {
			for (int i = 0; i < text.length(); i++) {
				h = 31 * h + text.charAt(i);
			}
			return h;
		}

		@Override
		public boolean equals(Object other) {
			return this == other || (other instanceof Parameters that && Arrays.equals(pairs, that.pairs));
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(pairs);
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder();
			appendTo(text);
			return text.toString();
		}
	}
}
