package dev.playgate.gateway.pipeline;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import reactor.core.publisher.Mono;

/** The assembled pipeline: one chain of stages per action, and the names of the tiers it was built from. */
public final class Pipeline implements CredentialSource {

	private final Map<Action, CredentialSource> chains;
	private final List<String> tiers;

	Pipeline(Map<Action, CredentialSource> chains, List<String> tiers) {
		this.chains = new EnumMap<>(chains);
		this.tiers = List.copyOf(tiers);
		for (Action action : Action.values()) {
			if (!this.chains.containsKey(action)) {
				throw new IllegalArgumentException("no chain for " + action);
			}
		}
	}

	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		return chains.get(request.key().action()).fetch(request);
	}

	/** The tiers, top to bottom, for health details and start-up logging. */
	public List<String> tiers() {
		return tiers;
	}
}
