package dev.playgate.gateway.redis;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
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
import dev.playgate.gateway.loop.ServerLoops;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Lettuce client for the configured topology and holds its connections: commands and pub/sub. Once
 * established, Lettuce reconnects them by itself (with a backoff capped at one second) and re-subscribes the patterns;
 * while disconnected, commands are rejected at once instead of being queued, so an outage never makes requests wait.
 *
 * <p>
 * Lettuce runs on the HTTP server's event loops ({@link LettuceOnServerLoops}). With a standalone (or Sentinel-managed) Redis
 * there is one command connection per loop, each living on its loop, and a command takes the connection of the loop
 * it is sent from: the request, the command and its reply then stay on one thread, with no task handed to another
 * loop on the way out nor on the way back. A command sent from elsewhere (a timer) takes one of them. A Cluster has
 * one command connection (Lettuce's cluster connection keeps one per node itself).
 */
final class RedisConnector {

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final RedisProperties properties;
	private final ClientResources resources;
	private final AbstractRedisClient client;
	private final List<Lane> lanes;
	private final RedisPubSubListener<String, byte[]> messages;
	private final Runnable onPubSubLost;
	private final Set<String> patterns = ConcurrentHashMap.newKeySet();
	private final AtomicReference<@Nullable CompletableFuture<Connected>> connecting = new AtomicReference<>();
	private volatile @Nullable Connected connected;
	private volatile boolean closed;

	/** A standalone command client whose connection lives on {@code loop}. */
	private record Lane(EventLoop loop, ClientResources resources, RedisClient client) {
	}

	/** The established connections: the command connections (one per loop, or one) and the pub/sub one. */
	private record Connected(List<StatefulConnection<String, byte[]>> commandConnections,
			List<RedisClusterReactiveCommands<String, byte[]>> commands, List<@Nullable EventLoop> loops,
			StatefulRedisPubSubConnection<String, byte[]> pubSub) {

		/** The commands of the connection on the calling loop; from any other thread, one chosen by the thread. */
		RedisClusterReactiveCommands<String, byte[]> onThisLoop() {
			for (int i = 0; i < loops.size(); i++) {
				EventLoop loop = loops.get(i);
				if (loop != null && loop.inEventLoop()) {
					return commands.get(i);
				}
			}
			return commands.get((int) (Thread.currentThread().getId() % commands.size()));
		}

		boolean isOpen() {
			return pubSub.isOpen() && commandConnections.stream().allMatch(StatefulConnection::isOpen);
		}

		void close() {
			commandConnections.forEach(StatefulConnection::close);
			pubSub.close();
		}
	}

	RedisConnector(RedisProperties properties, RedisPubSubListener<String, byte[]> messages, Runnable onPubSubLost) {
		this.properties = properties;
		this.messages = messages;
		this.onPubSubLost = onPubSubLost;
		ServerLoops loops = ServerLoops.of();
		this.resources = DefaultClientResources.builder()
			.eventLoopGroupProvider(LettuceOnServerLoops.all(loops))
			.computationThreadPoolSize(2)
			.commandLatencyRecorder(CommandLatencyRecorder.disabled())
			.reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = properties.isCluster() ? clusterClient() : standaloneClient(resources);
		this.lanes = properties.isCluster() ? List.of()
				: loops.each().stream().map(this::lane).toList();
	}

	private RedisClient standaloneClient(ClientResources on) {
		RedisClient standalone = RedisClient.create(on, properties.redisUris().get(0));
		standalone.setOptions(options(ClientOptions.builder()).build());
		return standalone;
	}

	/** A command client on {@code loop} alone, sharing the other resources (timer, computation threads). */
	private Lane lane(EventLoop loop) {
		ClientResources onLoop = resources.mutate().eventLoopGroupProvider(LettuceOnServerLoops.only(loop)).build();
		return new Lane(loop, onLoop, standaloneClient(onLoop));
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
		CompletableFuture<List<StatefulConnection<String, byte[]>>> commands = topology
			.thenCompose(known -> connectCommands());
		CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> pubSub = topology
			.thenCompose(known -> connectPubSub());
		CompletableFuture.allOf(commands, pubSub).whenComplete((done, failure) -> {
			connecting.set(null);
			if (failure != null || closed) {
				commands.thenAccept(connections -> connections.forEach(StatefulConnection::closeAsync));
				pubSub.thenAccept(StatefulConnection::closeAsync);
				attempt.completeExceptionally(failure != null ? failure : new IllegalStateException("closed"));
				return;
			}
			attempt.complete(install(commands.join(), pubSub.join()));
		});
		return attempt;
	}

	@SuppressWarnings("unchecked")
	private CompletableFuture<List<StatefulConnection<String, byte[]>>> connectCommands() {
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connectAsync(CODEC).thenApply(c -> List.of((StatefulConnection<String, byte[]>) c));
		}
		List<CompletableFuture<StatefulRedisConnection<String, byte[]>>> connections = lanes.stream()
			.map(lane -> lane.client().connectAsync(CODEC, properties.redisUris().get(0)).toCompletableFuture())
			.toList();
		return CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new))
			.whenComplete((done, failure) -> {
				if (failure != null) {
					connections.forEach(each -> each.thenAccept(StatefulConnection::closeAsync));
				}
			})
			.thenApply(done -> connections.stream()
				.map(each -> (StatefulConnection<String, byte[]>) each.join())
				.toList());
	}

	private CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connectPubSub() {
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connectPubSubAsync(CODEC).thenApply(c -> c);
		}
		return ((RedisClient) client).connectPubSubAsync(CODEC, properties.redisUris().get(0)).toCompletableFuture();
	}

	private Connected install(List<StatefulConnection<String, byte[]>> commandConnections,
			StatefulRedisPubSubConnection<String, byte[]> pubSub) {
		List<RedisClusterReactiveCommands<String, byte[]>> commands = commandConnections.stream()
			.map(RedisConnector::reactive)
			.toList();
		List<@Nullable EventLoop> loops = lanes.isEmpty() ? Collections.singletonList(null)
				: lanes.stream().map(Lane::loop).toList();
		pubSub.addListener(messages);
		pubSub.addListener(new PubSubLoss());
		Connected established = new Connected(commandConnections, commands, loops, pubSub);
		connected = established;
		patterns.forEach(pattern -> subscribe(established, pattern));
		return established;
	}

	private static RedisClusterReactiveCommands<String, byte[]> reactive(StatefulConnection<String, byte[]> connection) {
		if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
			return cluster.reactive();
		}
		return ((StatefulRedisConnection<String, byte[]>) connection).reactive();
	}

	boolean isConnected() {
		Connected current = connected;
		return current != null && current.isOpen();
	}

	@Nullable
	RedisClusterReactiveCommands<String, byte[]> commands() {
		Connected current = connected;
		return current == null ? null : current.onThisLoop();
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
			current.close();
		}
		for (Lane lane : lanes) {
			lane.client().shutdown(Duration.ZERO, Duration.ofSeconds(2));
			lane.resources().shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
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
