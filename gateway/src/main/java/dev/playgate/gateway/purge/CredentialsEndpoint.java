package dev.playgate.gateway.purge;

import java.util.List;

import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The operator's actuator endpoint {@code credentials} (management port): {@code GET /actuator/credentials/{videoId}}
 * lists what every tier of this replica holds for the video (L2 included), never a PlayAuth or a URL;
 * {@code DELETE /actuator/credentials/{videoId}} purges the video on every replica (204). A malformed id is 400.
 */
@Endpoint(id = "credentials")
public final class CredentialsEndpoint {

	private final FleetPurge purge;

	CredentialsEndpoint(FleetPurge purge) {
		this.purge = purge;
	}

	/** What each tier holds for the video. */
	@ReadOperation
	public Mono<WebEndpointResponse<Object>> held(@Selector String videoId) {
		VideoId id = parse(videoId);
		if (id == null) {
			return Mono.just(badId());
		}
		return purge.entries(id)
			.map(entries -> new WebEndpointResponse<Object>(new Holdings(id.value(), purge.isFleetWide(), entries)));
	}

	/** Purges the video fleet-wide. */
	@DeleteOperation
	public Mono<WebEndpointResponse<Object>> purge(@Selector String videoId) {
		VideoId id = parse(videoId);
		if (id == null) {
			return Mono.just(badId());
		}
		return purge.purge(id, PurgeSource.OPERATOR)
			.thenReturn(new WebEndpointResponse<Object>(WebEndpointResponse.STATUS_NO_CONTENT));
	}

	private static @Nullable VideoId parse(String videoId) {
		return VideoId.isWellFormed(videoId) ? new VideoId(videoId) : null;
	}

	private static WebEndpointResponse<Object> badId() {
		return new WebEndpointResponse<>(
				new Refusal("INVALID_VIDEO_ID", "the video id must be 32 characters of [0-9a-zA-Z]"),
				WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	/**
	 * The answer of a read: the video, whether purges reach the fleet, and every entry held.
	 *
	 * @param videoId the video
	 * @param fleetWide whether Redis is configured, so a purge reaches every replica
	 * @param entries what each tier holds, in tier order
	 */
	public record Holdings(String videoId, boolean fleetWide, List<CachedEntry> entries) {
	}

	/** A refused operator request. */
	public record Refusal(String code, String detail) {
	}
}
