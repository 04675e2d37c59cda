package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.time.FakeTime;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Several real gateways (the whole application, each with its own Spring context, Lettuce client and caches) sharing
 * one Redis and one vod-emulator, as replicas of one deployment would.
 */
final class GatewayFleet implements AutoCloseable {

	/**
	 * The Redis command timeout of fleet tests. Three gateways, the emulator, Redis and thousands of concurrent test
	 * requests share this machine's two cores, so a command can wait longer for a core than the 100 ms default
	 * allows, and the gateway would (correctly) fail open; the tests are about coalescing, not about that.
	 */
	static final String COMMAND_TIMEOUT = "1s";

	private final List<RunningGateway> gateways = new ArrayList<>();

	private GatewayFleet() {
	}

	/** Starts {@code size} gateways with the same properties (and fake time, if given). */
	static GatewayFleet start(int size, VodEmulator emulator, Map<String, Object> properties, @Nullable FakeTime time) {
		GatewayFleet fleet = new GatewayFleet();
		for (int i = 0; i < size; i++) {
			fleet.gateways.add(RunningGateway.start(emulator, withQuietLogs(properties), time));
		}
		return fleet;
	}

	/** Starts one more gateway with these properties. */
	RunningGateway add(VodEmulator emulator, Map<String, Object> properties) {
		RunningGateway gateway = RunningGateway.start(emulator, withQuietLogs(properties), null);
		gateways.add(gateway);
		return gateway;
	}

	private static Map<String, Object> withQuietLogs(Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(properties);
		// Lettuce's reconnection watchdog warns on every attempt during an outage; the gateway logs it once
		all.putIfAbsent("logging.level.io.lettuce.core.protocol", "ERROR");
		return all;
	}

	RunningGateway gateway(int index) {
		return gateways.get(index);
	}

	int size() {
		return gateways.size();
	}

	/** The sum over every gateway of a counter (all its tags). */
	double counter(String name) {
		return gateways.stream()
			.mapToDouble(g -> g.context().getBean(MeterRegistry.class).find(name).counters().stream()
				.mapToDouble(c -> c.count())
				.sum())
			.sum();
	}

	/** The sum over every gateway of a gauge (all its tags). */
	double gauge(String name) {
		return gateways.stream()
			.mapToDouble(g -> g.context().getBean(MeterRegistry.class).find(name).gauges().stream()
				.mapToDouble(gauge -> gauge.value())
				.sum())
			.sum();
	}

	/** A video id no other test uses (lowercase hex, so no catalogue prefix applies). */
	static String freshVideo() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Waits until no gateway holds a lease on any of {@code video}'s credentials in the standalone Redis behind
	 * {@code redis}. A lease holder answers before its L2 fill lands, and the fill stores the entry, publishes it and
	 * releases the lease in one script: from then on another gateway finds the entry (HIT) rather than the lease (a
	 * wait for the fill's message, COALESCED).
	 */
	static void awaitFillsLanded(StatefulRedisConnection<String, String> redis, String video) {
		Awaitility.await("the L2 fills of " + video)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> redis.sync().keys("playgate:{" + video + "}:*:lease").isEmpty());
	}

	/**
	 * Waits until no gateway has a refresh-ahead in flight ({@code playgate.refresh.in.flight}) and no gateway holds a
	 * lease on any of {@code video}'s credentials (every L2 fill has landed, see {@link #awaitFillsLanded}): what a
	 * test that moves the fleet's fake time waits for before each move. A request waiting for another replica's fill
	 * times out on the real scheduler but measures its {@code max-coalesce-wait} on the fake ticker, so fake time
	 * moved under a waiting refresh would make it give up and call VOD itself, a second call the product would not
	 * make. Once no refresh is in flight none starts without a read, so no lease can appear after the first check.
	 */
	void awaitRefreshesSettled(StatefulRedisConnection<String, String> redis, String video) {
		Awaitility.await("the refreshes and L2 fills of " + video)
			.atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> gauge("playgate.refresh.in.flight") == 0
					&& redis.sync().keys("playgate:{" + video + "}:*:lease").isEmpty());
	}

	/** {@code perGateway} GETs on every gateway at once ({@code path(i)} for the i-th of each), all answers. */
	List<Answer> concurrently(int perGateway, IntFunction<String> path) {
		int total = perGateway * gateways.size();
		ConnectionProvider connections = ConnectionProvider.builder("fleet")
			.maxConnections(total)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			HttpClient client = HttpClient.create(connections).responseTimeout(Duration.ofSeconds(60));
			return Flux.range(0, total)
				.flatMap(i -> get(client, gateways.get(i % size()).baseUrl() + path.apply(i / size())), total)
				.collectList()
				.block(Duration.ofSeconds(120));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	/** One GET on one gateway. */
	static Mono<Answer> get(HttpClient client, String url) {
		return client.get()
			.uri(url)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map(text -> new Answer(response.status().code(), response.responseHeaders(), text)));
	}

	@Override
	public void close() {
		gateways.forEach(RunningGateway::close);
	}
}
