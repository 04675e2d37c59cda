package dev.playgate.gateway.purge;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.budget.RecordingBudget;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.shared.SharedTier;
import dev.playgate.gateway.time.SystemTime;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;

/** The fleet's purge stream against a real redis-server: two replicas, each with its own link, purge and follower. */
final class PurgeStreamTest {

	private static final int RETAINED = 1000;

	private RedisProcess redis;

	private Replica a;

	private Replica b;

	@BeforeEach
	void start() {
		redis = RedisProcess.start();
		a = new Replica(redis.url());
		b = new Replica(redis.url());
	}

	@AfterEach
	void stop() {
		a.close();
		b.close();
		redis.close();
	}

	@Test
	void purgeOnOneReplicaIsAppliedOnTheOtherOnceAndNotAgainOnItself() {
		b.round();
		VideoId video = fresh();

		a.purge.purge(video, PurgeSource.OPERATOR).block();
		b.round();
		b.round();
		a.round();

		assertThat(b.holder.purged).containsExactly(video);
		assertThat(a.holder.purged).containsExactly(video);
		assertThat(b.meters.get("playgate.purges").tag("source", "fleet").counter().count()).isEqualTo(1);
		assertThat(b.meters.get("playgate.purge.lag").timer().count()).isEqualTo(1);
	}

	@Test
	void replicaWithinTheRetainedLengthAppliesEveryMissedPurgeInOrder() {
		b.round();
		List<VideoId> videos = List.of(fresh(), fresh(), fresh());
		videos.forEach(video -> a.purge.purge(video, PurgeSource.EVENT).block());

		b.round();

		assertThat(b.holder.purged).containsExactlyElementsOf(videos);
		assertThat(b.holder.all.get()).isEqualTo(1);
	}

	@Test
	void replicaFallenBehindTheRetainedLengthDropsEverything() {
		b.round();
		int startDrops = b.holder.all.get();
		for (int i = 0; i < RETAINED + 50; i++) {
			a.purge.purge(fresh(), PurgeSource.EVENT).block();
		}

		b.round();

		assertThat(b.holder.purged).isEmpty();
		assertThat(b.holder.all.get()).isEqualTo(startDrops + 1);
		assertThat(b.meters.get("playgate.purge.resyncs").tag("reason", "behind").counter().count()).isEqualTo(1);
		VideoId after = fresh();
		a.purge.purge(after, PurgeSource.EVENT).block();
		b.round();
		assertThat(b.holder.purged).containsExactly(after);
	}

	@Test
	void pageBoundaryIsFollowedToTheEnd() {
		b.round();
		for (int i = 0; i < PurgeFollower.PAGE + 3; i++) {
			a.purge.purge(fresh(), PurgeSource.EVENT).block();
		}
		b.round();
		assertThat(b.holder.purged).hasSize(PurgeFollower.PAGE + 3);
	}

	@Test
	void streamLostByRedisMakesReplicasDropEverything() {
		b.round();
		a.purge.purge(fresh(), PurgeSource.EVENT).block();
		a.purge.purge(fresh(), PurgeSource.EVENT).block();
		b.round();
		try (RedisClient client = RedisClient.create(redis.url())) {
			client.connect().sync().flushall();
		}
		a.purge.purge(fresh(), PurgeSource.EVENT).block();

		b.round();

		assertThat(b.meters.get("playgate.purge.resyncs").tag("reason", "reset").counter().count()).isEqualTo(1);
	}

	@Test
	void purgeDuringARedisOutageActsAtOnceAndReachesTheFleetOnceRedisIsBack() throws Exception {
		VideoId video = fresh();
		redis.stop();

		a.purge.purge(video, PurgeSource.EVENT).block(Duration.ofSeconds(5));
		assertThat(a.holder.purged).containsExactly(video);
		assertThat(a.meters.get("playgate.purge.pending").gauge().value()).isEqualTo(1);

		redis.restart();
		Awaitility.await("b reads the stream again").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				b.round();
				return b.follower.lastSeq() >= 0;
			});
		Awaitility.await("a publishes what it kept").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				a.round();
				return a.meters.get("playgate.purge.pending").gauge().value() == 0;
			});
		b.round();
		assertThat(b.holder.purged).containsExactly(video);
	}

	static VideoId fresh() {
		return new VideoId(UUID.randomUUID().toString().replace("-", ""));
	}

	/** Records what it is asked to purge. */
	static final class Holder implements VideoPurgeable {

		final List<VideoId> purged = new CopyOnWriteArrayList<>();
		final AtomicInteger all = new AtomicInteger();

		@Override
		public void purge(VideoId videoId) {
			purged.add(videoId);
		}

		@Override
		public void purgeAll() {
			all.incrementAndGet();
		}
	}

	/** One replica's purge machinery, driven round by round by the test. */
	static final class Replica implements AutoCloseable {

		final SimpleMeterRegistry meters = new SimpleMeterRegistry();
		final Holder holder = new Holder();
		final Scheduler scheduler = SystemTime.newScheduler();
		final RedisLink link;
		final FleetPurge purge;
		final PurgeFollower follower;

		Replica(String url) {
			this(RedisProperties.of(url)
				.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(15)));
		}

		Replica(RedisProperties properties) {
			link = RedisLink.open(properties, Ticker.systemTicker(), meters);
			PurgeStream stream = new PurgeStream(link, RETAINED);
			PurgeMetrics metrics = new PurgeMetrics(meters);
			LocalPurge local = new LocalPurge(List.of(holder));
			purge = new FleetPurge(local, SharedTier.of(link, Clock.systemUTC(), Ticker.systemTicker(), scheduler,
					new RecordingBudget(), meters),
					stream, new PendingPurges(1000), metrics, Clock.systemUTC(), UUID.randomUUID().toString());
			follower = new PurgeFollower(stream, purge, local, metrics, Clock.systemUTC());
		}

		void round() {
			follower.round().block(Duration.ofSeconds(10));
		}

		@Override
		public void close() {
			follower.close();
			link.close();
			scheduler.dispose();
		}
	}
}
