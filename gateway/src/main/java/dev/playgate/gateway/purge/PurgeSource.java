package dev.playgate.gateway.purge;

import java.util.Locale;

/** Why a replica purges a video: the {@code source} tag of {@code playgate.purges}. */
public enum PurgeSource {
	/** A signed VOD event notification arrived at this replica. */
	EVENT,
	/** The operator's {@code DELETE /actuator/credentials/{videoId}} on this replica. */
	OPERATOR,
	/** Another replica's purge, read from the fleet's purge stream. */
	FLEET;

	/** The metric tag value. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}
}
