package dev.playgate.gateway.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Lettuce client for the configured topology and holds its two connections. Once established, Lettuce
 * reconnects them by itself (with a backoff capped at one second) and re-subscribes the patterns; while disconnected,
 * commands are rejected at once instead of being queued, so an outage never makes requests wait.
 */
final class RedisConnector {

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final RedisProperties properties;
	private final ClientResources resources;
	private final AbstractRedisClient client;
	private final RedisPubSubListener<String, byte[]> messages;
	private final Runnable onPubSubLost;
	private final Set<String> patterns = ConcurrentHashMap.newKeySet();
	private final AtomicReference<@Nullable CompletableFuture<Connected>> connecting = new AtomicReference<>();
	private volatile @Nullable Connected connected;
	private volatile boolean closed;

	private record Connected(StatefulConnection<String, byte[]> commandConnection,
			RedisClusterReactiveCommands<String, byte[]> commands,
			StatefulRedisPubSubConnection<String, byte[]> pubSub) {
	}

	RedisConnector(RedisProperties properties, RedisPubSubListener<String, byte[]> messages, Runnable onPubSubLost) {
		this.properties = properties;
		this.messages = messages;
		this.onPubSubLost = onPubSubLost;
		this.resources = DefaultClientResources.builder()
			.eventLoopGroupProvider(new ServerLoops())
			.computationThreadPoolSize(2)
			.commandLatencyRecorder(CommandLatencyRecorder.disabled())
			.reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = properties.isCluster() ? clusterClient() : standaloneClient();
	}

	private RedisClient standaloneClient() {
		RedisClient standalone = RedisClient.create(resources, properties.redisUris().get(0));
		standalone.setOptions(options(ClientOptions.builder()).build());
		return standalone;
	}

	private RedisClusterClient clusterClient() {
		RedisClusterClient cluster = RedisClusterClient.create(resources, properties.redisUris());
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.build();
		cluster.setOptions(options(ClusterClientOptions.builder()).topologyRefreshOptions(refresh).build());
		return cluster;
	}

	private <B extends ClientOptions.Builder> B options(B builder) {
		SocketOptions socket = SocketOptions.builder()
			.connectTimeout(properties.connectTimeout())
			.keepAlive(true)
			.build();
		builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(socket)
			.timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()));
		return builder;
	}

	/** Connects, waiting at most {@code timeout}; the failure, if any (the attempt may still complete later). */
	Optional<Throwable> connect(Duration timeout) {
		try {
			start().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			return Optional.of(ex.getCause() == null ? ex : ex.getCause());
		}
		catch (TimeoutException ex) {
			return Optional.of(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of(ex);
		}
	}

	/** Starts connecting unless connected or already trying; reports a failure to {@code onFailure}. */
	void connectInBackground(Consumer<Throwable> onFailure) {
		start().whenComplete((done, failure) -> {
			if (failure != null) {
				onFailure.accept(failure.getCause() == null ? failure : failure.getCause());
			}
		});
	}

	private CompletableFuture<Connected> start() {
		Connected current = connected;
		if (current != null) {
			return CompletableFuture.completedFuture(current);
		}
		CompletableFuture<Connected> attempt = new CompletableFuture<>();
		CompletableFuture<Connected> running = connecting.compareAndExchange(null, attempt);
		if (running != null) {
			return running;
		}
		// a cluster client connects asynchronously only once it knows the topology
		CompletableFuture<Void> topology = client instanceof RedisClusterClient cluster
				? cluster.refreshPartitionsAsync().toCompletableFuture() : CompletableFuture.completedFuture(null);
		CompletableFuture<StatefulConnection<String, byte[]>> commands = topology
			.thenCompose(known -> connectCommands());
		CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> pubSub = topology
			.thenCompose(known -> connectPubSub());
		CompletableFuture.allOf(commands, pubSub).whenComplete((done, failure) -> {
			connecting.set(null);
			if (failure != null || closed) {
				commands.thenAccept(StatefulConnection::closeAsync);
				pubSub.thenAccept(StatefulConnection::closeAsync);
				attempt.completeExceptionally(failure != null ? failure : new IllegalStateException("closed"));
				return;
			}
			attempt.complete(install(commands.join(), pubSub.join()));
		});
		return attempt;
	}

	@SuppressWarnings("unchecked")
	private CompletableFuture<StatefulConnection<String, byte[]>> connectCommands() {
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connectAsync(CODEC).thenApply(c -> (StatefulConnection<String, byte[]>) c);
		}
		return ((RedisClient) client).connectAsync(CODEC, properties.redisUris().get(0))
			.toCompletableFuture()
			.thenApply(c -> (StatefulConnection<String, byte[]>) c);
	}

	private CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connectPubSub() {
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connectPubSubAsync(CODEC).thenApply(c -> c);
		}
		return ((RedisClient) client).connectPubSubAsync(CODEC, properties.redisUris().get(0)).toCompletableFuture();
	}

	private Connected install(StatefulConnection<String, byte[]> commandConnection,
			StatefulRedisPubSubConnection<String, byte[]> pubSub) {
		RedisClusterReactiveCommands<String, byte[]> commands;
		if (commandConnection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
			commands = cluster.reactive();
		}
		else {
			commands = ((StatefulRedisConnection<String, byte[]>) commandConnection).reactive();
		}
		pubSub.addListener(messages);
		pubSub.addListener(new PubSubLoss());
		Connected established = new Connected(commandConnection, commands, pubSub);
		connected = established;
		patterns.forEach(pattern -> subscribe(established, pattern));
		return established;
	}

	boolean isConnected() {
		Connected current = connected;
		return current != null && current.commandConnection().isOpen() && current.pubSub().isOpen();
	}

	@Nullable
	RedisClusterReactiveCommands<String, byte[]> commands() {
		Connected current = connected;
		return current == null ? null : current.commands();
	}

	void psubscribe(String pattern) {
		patterns.add(pattern);
		Connected current = connected;
		if (current != null) {
			subscribe(current, pattern);
		}
	}

	private static void subscribe(Connected connection, String pattern) {
		connection.pubSub().async().psubscribe(pattern).whenComplete((count, failure) -> {
			if (failure != null) {
				// Lettuce subscribes again when the connection is re-established
				log.warn("could not subscribe to {} yet: {}", pattern, failure.toString());
			}
		});
	}

	synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		Connected current = connected;
		if (current != null) {
			current.commandConnection().close();
			current.pubSub().close();
		}
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

	/** Tells the link when the pub/sub connection drops: no fill message can arrive until it is back. */
	private final class PubSubLoss implements RedisConnectionStateListener {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!closed) {
				onPubSubLost.run();
			}
		}
	}
}
