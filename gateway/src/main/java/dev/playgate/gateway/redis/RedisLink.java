package dev.playgate.gateway.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * This process's connection to the shared Redis (standalone, Sentinel or Cluster): one multiplexed command connection
 * and one pub/sub connection, both reconnected by Lettuce after an outage (pattern subscriptions included).
 *
 * <p>
 * Every command goes through {@link #evalMulti} or {@link #evalInteger} and follows the fail-open rule: it either
 * succeeds within {@code command-timeout} or fails with a {@link RedisException} that the caller answers by carrying
 * on without Redis. Such failures are counted ({@code playgate.redis.fail.open}, tagged by operation) and the outage is
 * logged once when it starts and once when it ends. During an outage commands are skipped, except one probe per
 * {@code outage-probe-interval}; the first probe that succeeds ends it. If Redis was unreachable at start-up, the
 * probes also retry the connection, so the process never needs a restart to join the shared tier.
 */
public final class RedisLink implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private final RedisProperties properties;
	private final RedisConnector connector;
	private final Outage outage;
	private final MeterRegistry meters;
	private final Map<String, BiConsumer<String, byte[]>> patternListeners = new ConcurrentHashMap<>();
	private final List<Runnable> lossListeners = new CopyOnWriteArrayList<>();
	private final Map<String, Counter> roundTrips = new ConcurrentHashMap<>();
	private final Map<String, Counter> failOpens = new ConcurrentHashMap<>();

	private RedisLink(RedisProperties properties, Ticker ticker, MeterRegistry meters) {
		this.properties = properties;
		this.outage = new Outage(ticker, properties.outageProbeInterval(), this::onLost);
		this.meters = meters;
		this.connector = new RedisConnector(properties, new PubSubDispatch(), this::onLost);
		Gauge.builder("playgate.redis.up", outage, o -> o.isDown() ? 0 : 1)
			.description("1 while the shared Redis answers, 0 during an outage")
			.register(meters);
	}

	/**
	 * Opens the link: connects within {@code connect-timeout} if Redis is there, otherwise starts in an outage and
	 * keeps probing. Never fails because Redis is down.
	 */
	public static RedisLink open(RedisProperties properties, Ticker ticker, MeterRegistry meters) {
		if (!properties.isEnabled()) {
			throw new IllegalArgumentException("playgate.redis.url or playgate.redis.cluster-nodes must be set");
		}
		RedisLink link = new RedisLink(properties, ticker, meters);
		link.connector.connect(properties.connectTimeout()).ifPresent(link.outage::failed);
		return link;
	}

	/** The settings this link was opened with. */
	public RedisProperties properties() {
		return properties;
	}

	/** Whether Redis is currently considered unavailable. */
	public boolean isDown() {
		return outage.isDown();
	}

	/** Whether both connections are established (they may still be reconnecting after an outage). */
	public boolean isConnected() {
		return connector.isConnected();
	}

	/** Runs a script whose answer is an array (integers arrive as {@code Long}, bulk strings as {@code byte[]}). */
	public Mono<List<Object>> evalMulti(String operation, RedisScript script, String[] keys, byte[]... args) {
		return call(operation, commands -> script.run(commands, ScriptOutputType.MULTI, keys, args));
	}

	/** Runs a script whose answer is an integer. */
	public Mono<Long> evalInteger(String operation, RedisScript script, String[] keys, byte[]... args) {
		return call(operation, commands -> script.run(commands, ScriptOutputType.INTEGER, keys, args));
	}

	/**
	 * Delivers every message published on a channel matching {@code pattern} to {@code listener} (channel, message),
	 * on a Redis I/O thread: the listener must be quick and must not block. Subscribed once per process, and again
	 * after every reconnection.
	 */
	public void onPatternMessage(String pattern, BiConsumer<String, byte[]> listener) {
		if (patternListeners.putIfAbsent(pattern, listener) != null) {
			throw new IllegalStateException("a listener is already registered for " + pattern);
		}
		connector.psubscribe(pattern);
	}

	/**
	 * Runs {@code listener} whenever an outage starts or the pub/sub connection drops: until Redis is back no fill
	 * message can be counted on, so waiters should stop waiting for one.
	 */
	public void onLost(Runnable listener) {
		lossListeners.add(listener);
	}

	private <T> Mono<T> call(String operation,
			Function<RedisClusterReactiveCommands<String, byte[]>, Mono<T>> command) {
		return Mono.defer(() -> {
			if (outage.shouldSkip()) {
				countFailOpen(operation);
				return Mono.error(RedisSkippedException.INSTANCE);
			}
			RedisClusterReactiveCommands<String, byte[]> commands = connector.commands();
			if (commands == null) {
				connector.connectInBackground(outage::failed);
				countFailOpen(operation);
				return Mono.error(RedisSkippedException.INSTANCE);
			}
			long epoch = outage.epoch();
			counter(roundTrips, "playgate.redis.round.trips", operation).increment();
			return command.apply(commands)
				.doOnSuccess(answer -> outage.succeeded(epoch))
				.onErrorResume(RedisException.class, ex -> failOpen(operation, ex));
		});
	}

	private <T> Mono<T> failOpen(String operation, RedisException ex) {
		outage.failed(ex);
		countFailOpen(operation);
		return Mono.error(ex);
	}

	private void countFailOpen(String operation) {
		counter(failOpens, "playgate.redis.fail.open", operation).increment();
	}

	private Counter counter(Map<String, Counter> counters, String name, String operation) {
		return counters.computeIfAbsent(operation, op -> Counter.builder(name).tag("operation", op).register(meters));
	}

	private void onLost() {
		for (Runnable listener : lossListeners) {
			listener.run();
		}
	}

	/** Closes both connections and the client's threads. */
	@Override
	public void close() {
		connector.close();
	}

	@Override
	public String toString() {
		return "RedisLink[" + properties + ", down=" + outage.isDown() + "]";
	}

	/** Routes pattern messages to the listener registered for the pattern. */
	private final class PubSubDispatch extends RedisPubSubAdapter<String, byte[]> {

		@Override
		public void message(String pattern, String channel, byte[] message) {
			BiConsumer<String, byte[]> listener = patternListeners.get(pattern);
			if (listener == null) {
				return;
			}
			try {
				listener.accept(channel, message);
			}
			catch (RuntimeException ex) {
				// a broken listener must not kill Lettuce's I/O thread or the other listeners
				log.error("pub/sub listener for {} failed on channel {}", pattern, channel, ex);
			}
		}
	}
}
