package dev.playgate.gateway.purge;

import java.time.Duration;
import java.util.List;

import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.purge.PurgeStreamTest.Replica;
import dev.playgate.gateway.redis.RedisClusterProcesses;
import dev.playgate.gateway.redis.RedisProperties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The purge stream and the L2 purge on a local 3-master Redis Cluster: every key of one script in one slot. */
final class PurgeStreamClusterTest {

	private static RedisClusterProcesses cluster;

	private static Replica a;

	private static Replica b;

	@BeforeAll
	static void start() {
		cluster = RedisClusterProcesses.start();
		RedisProperties properties = RedisProperties.of("redis://unused:1")
			.withClusterNodes(cluster.nodeAddresses())
			.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(15));
		a = new Replica(properties);
		b = new Replica(properties);
		// a freshly formed cluster may time out the first commands: wait until both replicas read the stream
		for (Replica replica : List.of(a, b)) {
			Awaitility.await("cluster answers").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> {
					replica.round();
					return replica.follower.lastSeq() >= 0;
				});
		}
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		cluster.close();
	}

	@Test
	void purgesOfVideosInEverySlotReachTheOtherReplicaInOrder() {
		List<VideoId> videos = List.of(PurgeStreamTest.fresh(), PurgeStreamTest.fresh(), PurgeStreamTest.fresh(),
				PurgeStreamTest.fresh());
		videos.forEach(video -> a.purge.purge(video, PurgeSource.EVENT).block());

		b.round();

		assertThat(b.holder.purged).containsExactlyElementsOf(videos);
		assertThat(a.meters.get("playgate.purge.pending").gauge().value()).isZero();
		assertThat(a.meters.find("playgate.redis.fail.open").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
	}
}
