package dev.playgate.gateway.playauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;

import dev.playgate.gateway.api.AnswerJson;
import dev.playgate.gateway.api.PlayAuthAnswer;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.InvalidParameterException;
import dev.playgate.gateway.credential.Served;

/**
 * The PlayAuth source of {@code playgate.play-auth.mode=local-jwt}: mints a JWTPlayAuth per request, an HS256 JWT
 * keyed with the application's PlayKey, with no upstream call. Each viewer gets a token of its own, so the result is
 * never cached nor shared, and it is always served as {@link CacheStatus#MISS}.
 *
 * <p>
 * The answer has the same public shape as an upstream PlayAuth,
 * {@code {"videoId","playAuth","expiresAt","videoMeta":null,"requestId"}}: a locally signed credential knows nothing of
 * the video's metadata.
 */
public final class LocalJwtPlayAuth implements CredentialSource {

	/**
	 * How far VOD's clock may be behind or ahead of ours: the token's issue time is set back by it, because a verifier
	 * refuses an issue time in its future, and the advertised {@code expiresAt} comes that much before the token's own
	 * expiry.
	 */
	static final Duration CLOCK_MARGIN = Duration.ofSeconds(5);

	/** Request parameters (VOD's GetPlayInfo names) carried into the {@code playContentInfo} claim, by claim name. */
	private static final Map<String, String> PLAY_CONTENT_PARAMETERS = Map.of("Formats", "formats", "Definition",
			"definition", "StreamType", "streamType", "OutputType", "outputType", "ResultType", "resultType",
			"AuthTimeout", "authTimeout");

	private static final int CLAIMS_SIZE_HINT = 256;

	private final String appId;
	private final String regionId;
	private final Duration ttl;
	private final PlayKeySigner signer;
	private final Clock clock;

	LocalJwtPlayAuth(String appId, PlayKey playKey, String regionId, Duration ttl, Clock clock) {
		this.appId = appId;
		this.regionId = regionId;
		this.ttl = ttl;
		this.signer = new PlayKeySigner(playKey);
		this.clock = clock;
	}

	/**
	 * A minter for one VOD application; the Spring configuration builds the gateway's own, this is for tests and tools.
	 * @param appId the VOD application id, e.g. {@code app-1000000}
	 * @param playKey the application's PlayKey (never logged)
	 * @param regionId the VOD region the tokens name
	 * @param ttl how long each token is valid, at least {@link PlayAuthProperties.Jwt#MIN_TTL}
	 * @param clock the wall clock the tokens' times come from
	 * @return the minter
	 */
	public static LocalJwtPlayAuth of(String appId, String playKey, String regionId, Duration ttl, Clock clock) {
		if (ttl.compareTo(PlayAuthProperties.Jwt.MIN_TTL) < 0) {
			throw new IllegalArgumentException("ttl must be at least " + PlayAuthProperties.Jwt.MIN_TTL + ": " + ttl);
		}
		return new LocalJwtPlayAuth(appId, PlayKey.of(playKey), regionId, ttl, clock);
	}

	/** Mints a fresh JWTPlayAuth for the request's video; never touches the network. */
	@Override
	public Mono<Served> fetch(CredentialRequest request) {
		return Mono.fromCallable(() -> new Served(mint(request), CacheStatus.MISS));
	}

	/** Mints at once, as {@link #fetch} does: minting is a few microseconds of CPU and never waits. */
	@Override
	public Served servedAtOnce(CredentialRequest request) {
		return new Served(mint(request), CacheStatus.MISS);
	}

	/** The lifetime the public {@code expiresAt} promises, shorter than the token's by the clock margin. */
	public Duration advertisedLifetime() {
		return ttl.minus(CLOCK_MARGIN);
	}

	private Credential mint(CredentialRequest request) {
		CredentialKey key = request.key();
		if (key.action() != Action.PLAY_AUTH) {
			throw new IllegalArgumentException("local JWT PlayAuth cannot answer " + key.action() + ": " + key);
		}
		if (request.minValidity().compareTo(advertisedLifetime()) > 0) {
			throw new InvalidParameterException("minValidity must not exceed the PlayAuth lifetime of "
					+ advertisedLifetime().toSeconds() + "s");
		}
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant tokenExpiry = now.plus(ttl);
		String token = sign(key, now.minus(CLOCK_MARGIN), tokenExpiry);
		Instant expiresAt = tokenExpiry.minus(CLOCK_MARGIN).truncatedTo(ChronoUnit.SECONDS);
		PlayAuthAnswer answer = new PlayAuthAnswer(key.videoId(), token, expiresAt, null, RequestIds.next());
		return new Credential(key, answer.encode(), now, expiresAt);
	}

	private String sign(CredentialKey key, Instant issuedAt, Instant expiresAt) {
		return signer.sign(AnswerJson.write(CLAIMS_SIZE_HINT, json -> {
			json.writeStartObject();
			json.writeStringProperty("appId", appId);
			json.writeStringProperty("videoId", key.videoId().value());
			json.writeNumberProperty("currentTimeStamp", issuedAt.toEpochMilli());
			json.writeNumberProperty("expireTimeStamp", expiresAt.toEpochMilli());
			json.writeStringProperty("regionId", regionId);
			json.writeName("playContentInfo");
			writePlayContentInfo(json, key);
			json.writeEndObject();
		}));
	}

	/** The play parameters the request named, under their claim names; {@code authTimeout} a number when whole. */
	private static void writePlayContentInfo(JsonGenerator json, CredentialKey key) {
		json.writeStartObject();
		key.parameters().forEach((name, value) -> {
			String claim = PLAY_CONTENT_PARAMETERS.get(name);
			if (claim == null) {
				return;
			}
			json.writeName(claim);
			Long whole = claim.equals("authTimeout") ? wholeNumber(value) : null;
			if (whole != null) {
				json.writeNumber(whole.longValue());
			}
			else {
				json.writeString(value);
			}
		});
		json.writeEndObject();
	}

	private static @Nullable Long wholeNumber(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "LocalJwtPlayAuth[appId=" + appId + ", regionId=" + regionId + ", ttl=" + ttl + ", playKey=<redacted>]";
	}
}
