package dev.playgate.gateway.shared;

import java.time.Duration;
import java.util.List;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.redis.RedisClusterProcesses;
import dev.playgate.gateway.redis.RedisProperties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** The coalescing tests against a local 3-master Redis Cluster: keys spread over the masters' slots. */
final class SharedTierClusterTest {

	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static RedisClusterProcesses cluster;

	private static Fleet fleet;

	@BeforeAll
	static void start() {
		cluster = RedisClusterProcesses.start();
		RedisProperties properties = RedisProperties.of("redis://unused:1")
			.withClusterNodes(cluster.nodeAddresses())
			// a generous command timeout: these tests are about coalescing, not about failing open on a busy machine
			.withTimings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(15));
		fleet = Fleet.of(3, properties, Duration.ofMillis(300));
		// on a busy machine the first connection to the cluster can time out; the tests start once every link is up
		Awaitility.await("every replica's link to the cluster")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> fleet.replicas.stream().allMatch(SharedTierClusterTest::claimsThroughRedis));
	}

	private static boolean claimsThroughRedis(Fleet.Replica replica) {
		double before = replica.counter("playgate.redis.fail.open", "operation", "claim");
		replica.fetch(CredentialRequest.of(Fleet.freshKey(), MIN_VALIDITY)).block(Duration.ofSeconds(10));
		return replica.counter("playgate.redis.fail.open", "operation", "claim") == before;
	}

	@AfterAll
	static void stop() {
		fleet.close();
		cluster.close();
	}

	@Test
	void concurrentRequestsOnThreeReplicasShareOneUpstreamCall() {
		CredentialKey key = Fleet.freshKey();
		int before = fleet.upstreamCalls();
		double failOpens = fleet.sum("playgate.redis.fail.open", "operation", "claim");

		List<Served> served = Flux.range(0, 3000)
			.flatMap(i -> fleet.replica(i % 3).fetch(CredentialRequest.of(key, MIN_VALIDITY)), 3000)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(served).hasSize(3000);
		assertThat(fleet.upstreamCalls() - before).isEqualTo(1);
		assertThat(served).filteredOn(s -> s.status() == CacheStatus.COALESCED).isNotEmpty();
		assertThat(fleet.sum("playgate.redis.fail.open", "operation", "claim")).isEqualTo(failOpens);
	}

	@Test
	void distinctKeysOnAllReplicasCostOneUpstreamCallEach() {
		List<CredentialKey> keys = Flux.range(0, 300).map(i -> Fleet.freshKey()).collectList().block();
		int before = fleet.upstreamCalls();

		List<Served> served = Flux.range(0, 900)
			.flatMap(i -> fleet.replica(i % 3).fetch(CredentialRequest.of(keys.get(i / 3), MIN_VALIDITY)), 900)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(served).hasSize(900);
		assertThat(fleet.upstreamCalls() - before).isEqualTo(300);
	}
}
