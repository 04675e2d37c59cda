package dev.playgate.gateway.credential;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What one upstream call produces: an action, a video and the normalised upstream parameters (names as VOD spells
 * them, values trimmed, case-folded and, for lists, sorted and deduplicated). Equivalent requests produce equal keys,
 * so they share one cache entry. A request's {@code minValidity} is not part of the key: it decides whether an entry
 * may be served, not which entry it is.
 */
public final class CredentialKey {

	private final Action action;
	private final VideoId videoId;
	private final SortedMap<String, String> parameters;
	private final String canonical;
	private final int hash;

	private CredentialKey(Action action, VideoId videoId, SortedMap<String, String> parameters) {
		this.action = action;
		this.videoId = videoId;
		this.parameters = parameters;
		this.canonical = canonicalForm(action, videoId, parameters);
		this.hash = canonical.hashCode();
	}

	/** A key from already-normalised upstream parameters. */
	public static CredentialKey of(Action action, VideoId videoId, Map<String, String> parameters) {
		Objects.requireNonNull(action, "action must not be null");
		Objects.requireNonNull(videoId, "videoId must not be null");
		return new CredentialKey(action, videoId, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parameters)));
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

	private static Action actionOf(String segment) {
		for (Action action : Action.values()) {
			if (action.pathSegment().equals(segment)) {
				return action;
			}
		}
		throw new IllegalArgumentException("unknown action in credential key: " + segment);
	}

	private static String canonicalForm(Action action, VideoId videoId, SortedMap<String, String> parameters) {
		StringBuilder text = new StringBuilder(64).append(action.pathSegment()).append(':').append(videoId.value());
		char separator = '?';
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			text.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
			separator = '&';
		}
		return text.toString();
	}

	/** The upstream API this key is fetched from. */
	public Action action() {
		return action;
	}

	/** The video this key is for. */
	public VideoId videoId() {
		return videoId;
	}

	/** The normalised upstream parameters, sorted by name. */
	public SortedMap<String, String> parameters() {
		return parameters;
	}

	/** One parameter's normalised value, or {@code null} when the request left it to VOD's default. */
	public @Nullable String parameter(String name) {
		return parameters.get(name);
	}

	/** A stable text form, e.g. {@code play-auth:<id>?AuthInfoTimeout=3000}; the same on every replica. */
	public String canonical() {
		return canonical;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof CredentialKey that && canonical.equals(that.canonical));
	}

	@Override
	public int hashCode() {
		return hash;
	}

	@Override
	public String toString() {
		return canonical;
	}
}
