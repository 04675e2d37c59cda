package dev.playgate.gateway.shared;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.redis.RedisClusterProcesses;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** Purging a video's L2 entries for the fleet, against a real standalone Redis and a real 3-master Cluster. */
final class SharedTierPurgeTest {

	private static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static final Duration HOLD = Duration.ofSeconds(1);

	abstract static class Purges {

		abstract Fleet fleet();

		/** Waits until every replica's link answers: a freshly started Redis may time out the first commands. */
		static void awaitAnswering(Fleet fleet) {
			for (Fleet.Replica replica : fleet.replicas) {
				org.awaitility.Awaitility.await("Redis answers").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.ignoreExceptions()
					.until(() -> replica.tier().sharedEntries(Fleet.freshKey().videoId()).block() != null);
			}
		}

		@Test
		void purgedEntryIsNoLongerAnL2Hit() {
			CredentialKey key = Fleet.freshKey();
			fleet().replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();
			fleet().awaitFillLanded(key);
			int before = fleet().upstreamCalls();

			fleet().replica(0).tier().purgeShared(key.videoId()).block();
			Served served = fleet().replica(1).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();

			assertThat(served.status()).isEqualTo(CacheStatus.MISS);
			assertThat(fleet().upstreamCalls()).isEqualTo(before + 1);
		}

		@Test
		void fillClaimedBeforeAPurgeStoresNothing() throws InterruptedException {
			CredentialKey key = Fleet.freshKey();
			CountDownLatch called = new CountDownLatch(1);
			fleet().replica(0).inner().answer(request -> Mono.fromRunnable(called::countDown)
				.then(fleet().answersAfter(HOLD).apply(request)));
			try {
				Mono<Served> holder = fleet().replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).cache();
				holder.subscribe();
				assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
				fleet().replica(1).tier().purgeShared(key.videoId()).block();
				assertThat(holder.block(Duration.ofSeconds(10)).status()).isEqualTo(CacheStatus.MISS);
				fleet().awaitFillLanded(key);
			}
			finally {
				fleet().replica(0).inner().answer(fleet().answersAfter(Duration.ZERO));
			}
			assertThat(fleet().replica(1).tier().sharedEntries(key.videoId()).block()).isEmpty();
			int before = fleet().upstreamCalls();
			Served next = fleet().replica(2).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();
			assertThat(next.status()).isEqualTo(CacheStatus.MISS);
			assertThat(fleet().upstreamCalls()).isEqualTo(before + 1);
		}

		@Test
		void sharedEntriesListTheCurrentGenerationOnly() {
			CredentialKey key = Fleet.freshKey();
			Served filled = fleet().replica(0).fetch(CredentialRequest.of(key, MIN_VALIDITY)).block();
			fleet().awaitFillLanded(key);

			List<CachedEntry> held = fleet().replica(1).tier().sharedEntries(key.videoId()).block();
			assertThat(held).singleElement().satisfies(entry -> {
				assertThat(entry.tier()).isEqualTo("shared");
				assertThat(entry.key()).isEqualTo(key.canonical());
				assertThat(entry.issuedAt()).isEqualTo(filled.credential().issuedAt());
				assertThat(entry.expiresAt()).isEqualTo(filled.credential().expiresAt());
			});
			fleet().replica(1).tier().purgeShared(key.videoId()).block();
			assertThat(fleet().replica(1).tier().sharedEntries(key.videoId()).block()).isEmpty();
		}

		@Test
		void purgeOfOneVideoLeavesOthersInL2() {
			CredentialKey purged = Fleet.freshKey();
			CredentialKey kept = Fleet.freshKey();
			fleet().replica(0).fetch(CredentialRequest.of(purged, MIN_VALIDITY)).block();
			fleet().replica(0).fetch(CredentialRequest.of(kept, MIN_VALIDITY)).block();
			fleet().awaitFillLanded(purged);
			fleet().awaitFillLanded(kept);

			fleet().replica(0).tier().purgeShared(purged.videoId()).block();

			assertThat(fleet().replica(1).fetch(CredentialRequest.of(kept, MIN_VALIDITY)).block().status())
				.isEqualTo(CacheStatus.HIT);
		}
	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	final class Standalone extends Purges {

		private RedisProcess redis;

		private Fleet fleet;

		@BeforeAll
		void start() {
			redis = RedisProcess.start();
			fleet = Fleet.of(3, RedisProperties.of(redis.url())
				.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(15)), Duration.ZERO);
			awaitAnswering(fleet);
		}

		@AfterAll
		void stop() {
			fleet.close();
			redis.close();
		}

		@Override
		Fleet fleet() {
			return fleet;
		}
	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	final class Cluster extends Purges {

		private RedisClusterProcesses cluster;

		private Fleet fleet;

		@BeforeAll
		void start() {
			cluster = RedisClusterProcesses.start();
			fleet = Fleet.of(3, RedisProperties.of("redis://unused:1")
				.withClusterNodes(cluster.nodeAddresses())
				.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(15)), Duration.ZERO);
			awaitAnswering(fleet);
		}

		@AfterAll
		void stop() {
			fleet.close();
			cluster.close();
		}

		@Override
		Fleet fleet() {
			return fleet;
		}
	}
}
