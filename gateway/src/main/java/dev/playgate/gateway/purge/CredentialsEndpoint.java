package dev.playgate.gateway.purge;

import java.util.List;

import dev.playgate.gateway.api.Problem;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.credential.VideoId;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * The operator's actuator endpoint {@code credentials} (management port): {@code GET /actuator/credentials/{videoId}}
 * lists what every tier of this replica holds for the video (L2 included), never a PlayAuth or a URL;
 * {@code DELETE /actuator/credentials/{videoId}} purges the video on every replica (204). A malformed id is
 * {@code 400 INVALID_VIDEO_ID}, an {@code application/problem+json}; the actuator's own refusals are made problems by
 * {@link OperatorProblems}.
 */
@Endpoint(id = "credentials")
public final class CredentialsEndpoint {

	private static final MimeType PROBLEM = MimeType.valueOf(Problem.MEDIA_TYPE);

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

	/** The refusal of a malformed id: a problem document, as on the public port. */
	private static WebEndpointResponse<Object> badId() {
		byte[] problem = Problem.of(ProblemCode.INVALID_VIDEO_ID, "the video id must be 32 characters of [0-9a-zA-Z]",
				null).encode();
		return new WebEndpointResponse<>(problem, Problem.status(ProblemCode.INVALID_VIDEO_ID), PROBLEM);
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
}
