package dev.playgate.gateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.awaitility.Awaitility;

/**
 * A local Redis Cluster of three masters (no replicas) for tests: three redis-server processes with
 * {@code cluster-enabled yes}, the 16384 slots split between them with {@code CLUSTER ADDSLOTS}, joined with
 * {@code CLUSTER MEET}; ready once every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterProcesses implements AutoCloseable {

	private static final int SLOTS = 16_384;

	private final List<RedisProcess> nodes = new ArrayList<>();

	private RedisClusterProcesses(int masters) {
		for (int i = 0; i < masters; i++) {
			int port = RedisProcess.freePort();
			nodes.add(RedisProcess.startOn(port, "--cluster-enabled", "yes", "--cluster-config-file",
					"nodes-" + port + ".conf", "--cluster-node-timeout", "2000"));
		}
		form();
	}

	/** Starts three masters and forms the cluster. */
	public static RedisClusterProcesses start() {
		return new RedisClusterProcesses(3);
	}

	/** The nodes as {@code host:port}, the form of {@code playgate.redis.cluster-nodes}. */
	public List<String> nodeAddresses() {
		return nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList();
	}

	private void form() {
		List<RedisClient> clients = new ArrayList<>();
		List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
		try {
			for (RedisProcess node : nodes) {
				RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
				clients.add(client);
				connections.add(client.connect());
			}
			for (int i = 0; i < nodes.size(); i++) {
				int from = SLOTS * i / nodes.size();
				int to = SLOTS * (i + 1) / nodes.size();
				connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
			}
			RedisCommands<String, String> first = connections.get(0).sync();
			nodes.stream().skip(1).forEach(node -> first.clusterMeet("127.0.0.1", node.port()));
			Awaitility.await("cluster_state:ok on every node")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> connections.stream().allMatch(c -> c.sync().clusterInfo().contains("cluster_state:ok")));
		}
		finally {
			connections.forEach(StatefulRedisConnection::close);
			clients.forEach(RedisClient::shutdown);
		}
	}

	@Override
	public void close() {
		nodes.forEach(RedisProcess::close);
	}
}
