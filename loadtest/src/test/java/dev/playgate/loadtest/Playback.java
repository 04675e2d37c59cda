package dev.playgate.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The HTTP side of every simulation: one protocol over all gateway instances, and the one request a virtual user
 * sends, with the checks that decide OK/KO and feed {@link ClientTally}.
 */
final class Playback {

	/** The load generator's wall clock; only used to see how much validity a handed-out credential has left. */
	private static final Clock WALL = Clock.systemUTC();

	/** Clock skew and transit allowance when checking {@code expiresAt - now >= minValidity} on the client. */
	private static final long VALIDITY_TOLERANCE_MS = 1_000;

	private Playback() {
	}

	/**
	 * The HTTP protocol: virtual users are spread round-robin over {@code baseUrls}; all share one connection pool
	 * (one pool per user would open a TCP connection per request in the open model); Gatling's own HTTP cache is off
	 * because the gateway's {@code Cache-Control} is for players, not for a load test; {@code -DapiKey} is sent in
	 * {@code -DapiKeyHeader} (default {@code X-Api-Key}) when set.
	 */
	static HttpProtocolBuilder protocol(List<String> baseUrls) {
		HttpProtocolBuilder protocol = http.baseUrls(baseUrls).acceptHeader("application/json")
				.userAgentHeader("playgate-loadtest").shareConnections().disableCaching().disableWarmUp();
		String apiKey = Knobs.text("apiKey", "");
		return apiKey.isEmpty() ? protocol : protocol.header(Knobs.text("apiKeyHeader", "X-Api-Key"), apiKey);
	}

	/** One request per virtual user, drawn from {@code traffic}. */
	static ChainBuilder call(Traffic traffic) {
		return feed(traffic).exec(RequestLog.recorded(checked(http("#{op}").get("#{path}"))));
	}

	/**
	 * One request per virtual user from {@code traffic}: a player's call, or (records with {@code op} {@code vod-event})
	 * a signed VOD callback to {@code POST /v1/vod/events}, which must be answered 200.
	 */
	static ChainBuilder callOrEvent(Iterator<Map<String, Object>> traffic) {
		HttpRequestActionBuilder event = http("#{op}").post("#{path}").header("X-VOD-TIMESTAMP", "#{timestamp}")
			.header("X-VOD-SIGNATURE", "#{signature}").body(StringBody("#{body}")).asJson();
		return feed(traffic).doIfEqualsOrElse("#{op}", "vod-event")
			.then(exec(RequestLog.recorded(checked(event))))
			.orElse(exec(RequestLog.recorded(checked(http("#{op}").get("#{path}")))));
	}

	/**
	 * One {@code POST /v1/play-auth/batch} per virtual user, a playlist drawn from {@code playlists}: the answer is
	 * 200 with one item per id, and the problem code of every item that is not a PlayAuth is counted.
	 */
	static ChainBuilder batch(Playlists playlists) {
		HttpRequestActionBuilder request = http("#{op}").post("#{path}").body(StringBody("#{body}")).asJson()
			.check(jsonPath("$.items[*].code").findAll()
				.transformWithSession((codes, session) -> ClientTally.itemProblems(op(session), codes))
				.optional());
		return feed(playlists).exec(RequestLog.recorded(checked(request)));
	}

	/**
	 * One request per virtual user, drawn from {@code traffic}, that also fails when a 200 carries an
	 * {@code expiresAt} less than {@code minValiditySeconds} away: the gateway must never hand out a credential about
	 * to expire.
	 */
	static ChainBuilder callWithValidity(Traffic traffic, long minValiditySeconds) {
		long floorMs = minValiditySeconds * 1_000 - VALIDITY_TOLERANCE_MS;
		HttpRequestActionBuilder request = http("#{op}").get("#{path}")
				.checkIf((response, session) -> response.status().code() == 200)
				.then(jsonPath("$.expiresAt").transform(Playback::millisLeft)
						.validate("validity >= minValidity", (left, session) -> enough(left, floorMs)));
		return feed(traffic).exec(RequestLog.recorded(checked(request)));
	}

	private static HttpRequestActionBuilder checked(HttpRequestActionBuilder request) {
		return request
				.check(responseTimeInMillis().saveAs("responseMs"))
				.check(status().transformWithSession((code, session) -> ClientTally.status(op(session), code))
						.saveAs("httpStatus"))
				.check(header("X-Cache").transformWithSession((value, session) -> ClientTally.cache(op(session), value))
						.optional())
				.checkIf((response, session) -> response.status().code() >= 400)
				.then(jsonPath("$.code").transformWithSession((code, session) -> ClientTally.problem(op(session), code))
						.optional())
				.check(status().is(session -> session.getInt("expect")));
	}

	private static String op(Session session) {
		String op = session.getString("op");
		return op == null ? "unknown" : op;
	}

	private static Long millisLeft(String expiresAt) {
		try {
			return Duration.between(WALL.instant(), Instant.parse(expiresAt)).toMillis();
		}
		catch (DateTimeParseException ex) {
			return Long.MIN_VALUE;
		}
	}

	private static Long enough(Long left, long floorMs) {
		if (left < floorMs) {
			ClientTally.event("handed-out-below-minValidity");
			throw new IllegalStateException("credential valid for only " + left + " ms, below minValidity");
		}
		return left;
	}
}
