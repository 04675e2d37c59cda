package dev.playgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The assembled pipeline: one chain per action, built from one ordered list of {@link Stage}s, top to bottom.
 *
 * <p>
 * An action's chain is the stages that serve it, in list order, down to the first one that answers by itself. Chains
 * are built from the bottom up, and actions whose chains end in the same stages share those stage instances: one
 * local tier holds both actions' credentials, as one cache bounded by one size. The names the readiness detail and
 * the start-up log show are read off the same list, so they cannot disagree with what was built. A purge of a video
 * reaches every built stage that holds per-video state ({@link VideoPurgeable}), once each.
 */
public final class Pipeline implements CredentialSource, VideoPurgeable, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

	/** What an answering stage is built over: never asked, since such a stage answers by itself. */
	private static final CredentialSource NOTHING_BELOW = request -> Mono
		.error(new IllegalStateException("an answering stage asked below itself: " + request));

	private final Map<Action, CredentialSource> chains;
	private final Map<Action, List<String>> names;
	private final List<String> tiers;
	private final List<AutoCloseable> built;
	private final List<VideoPurgeable> purgeable;

	private Pipeline(Map<Action, CredentialSource> chains, Map<Action, List<String>> names, List<String> tiers,
			List<AutoCloseable> built, List<VideoPurgeable> purgeable) {
		this.chains = chains;
		this.names = names;
		this.tiers = tiers;
		this.built = built;
		this.purgeable = purgeable;
	}

	/**
	 * The pipeline of {@code stages}, listed top to bottom.
	 * @throws IllegalArgumentException when two stages share a name, or an action reaches no answering stage
	 */
	public static Pipeline of(List<Stage> stages) {
		Set<String> seen = new HashSet<>();
		for (Stage stage : stages) {
			if (!seen.add(stage.name())) {
				throw new IllegalArgumentException("two stages are named " + stage.name());
			}
		}
		Map<List<Stage>, CredentialSource> instances = new HashMap<>();
		Map<Action, CredentialSource> chains = new EnumMap<>(Action.class);
		Map<Action, List<String>> names = new EnumMap<>(Action.class);
		for (Action action : Action.values()) {
			List<Stage> chain = chainOf(stages, action);
			chains.put(action, build(chain, instances));
			names.put(action, chain.stream().map(Stage::name).toList());
		}
		List<AutoCloseable> built = new ArrayList<>();
		List<VideoPurgeable> purgeable = new ArrayList<>();
		instances.values().stream().distinct().forEach(stage -> {
			if (stage instanceof AutoCloseable closeable) {
				built.add(closeable);
			}
			if (stage instanceof VideoPurgeable holder) {
				purgeable.add(holder);
			}
		});
		return new Pipeline(chains, names, stages.stream().map(Stage::name).toList(), built, purgeable);
	}

	private static List<Stage> chainOf(List<Stage> stages, Action action) {
		List<Stage> chain = new ArrayList<>();
		for (Stage stage : stages) {
			if (stage.serves(action)) {
				chain.add(stage);
				if (stage.answers()) {
					return List.copyOf(chain);
				}
			}
		}
		throw new IllegalArgumentException("no stage answers " + action + ": " + chain);
	}

	/** The chain {@code chain} (its last stage answers), reusing the instances already built for the same stages. */
	private static CredentialSource build(List<Stage> chain, Map<List<Stage>, CredentialSource> instances) {
		CredentialSource instance = instances.get(chain);
		if (instance != null) {
			return instance;
		}
		Stage top = chain.get(0);
		CredentialSource below = top.answers() ? NOTHING_BELOW : build(chain.subList(1, chain.size()), instances);
		instance = top.factory().apply(below);
		instances.put(chain, instance);
		return instance;
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		return chains.get(request.key().action()).fetch(request);
	}

	@Override
	public @Nullable Served servedAtOnce(CredentialRequest request) {
		return chains.get(request.key().action()).servedAtOnce(request);
	}

	/** Every stage's name, top to bottom, as listed; for the readiness detail. */
	public List<String> tiers() {
		return tiers;
	}

	/** The names of each action's chain, by the action's path segment ({@code play-auth}, {@code play-info}). */
	public Map<String, List<String>> chains() {
		Map<String, List<String>> out = new LinkedHashMap<>();
		names.forEach((action, chain) -> out.put(action.pathSegment(), chain));
		return out;
	}

	/**
	 * The chain as the start-up log shows it, e.g. {@code negative-cache -> local -> upstream}; when the actions'
	 * chains differ, each one after its action's name.
	 */
	public String describe() {
		if (names.values().stream().distinct().count() == 1) {
			return String.join(" -> ", names.get(Action.PLAY_AUTH));
		}
		List<String> parts = new ArrayList<>();
		names.forEach((action, chain) -> parts.add(action.pathSegment() + ": " + String.join(" -> ", chain)));
		return String.join("; ", parts);
	}

	/** Purges the video from every stage that holds per-video state. */
	@Override
	public void purge(VideoId videoId) {
		purgeable.forEach(holder -> holder.purge(videoId));
	}

	@Override
	public void purgeAll() {
		purgeable.forEach(VideoPurgeable::purgeAll);
	}

	@Override
	public List<CachedEntry> entries(VideoId videoId) {
		List<CachedEntry> all = new ArrayList<>();
		purgeable.forEach(holder -> all.addAll(holder.entries(videoId)));
		return all;
	}

	/** Closes the stages that hold resources (the local tier's background refreshes), once each. */
	@Override
	public void close() {
		for (AutoCloseable stage : built) {
			try {
				stage.close();
			}
			catch (Exception ex) {
				log.warn("closing {} failed", stage, ex);
			}
		}
	}
}
