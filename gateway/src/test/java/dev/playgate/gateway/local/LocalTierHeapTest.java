package dev.playgate.gateway.local;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.purge.VideoGenerations;
import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap per cached entry, measured: a local tier filled with {@value #ENTRIES} play-auth entries of a {@value #BODY}
 * byte body, the heap in use after a full collection compared with the empty tier's. A benchmark (figures in
 * {@code docs/}), not a verdict of the build: run it with {@code -Dplaygate.benchmarks=none}.
 */
@Tag("benchmark")
final class LocalTierHeapTest {

	private static final int ENTRIES = 100_000;
	private static final int BODY = 965;
	private static final Duration LIFETIME = Duration.ofSeconds(2970);

	private final FakeTime time = FakeTime.create();
	private final CacheProperties properties = new CacheProperties(DataSize.ofMegabytes(512), Duration.ofSeconds(60),
			0.75, 0.1, Duration.ofSeconds(10), 1000);

	@Test
	void heapPerEntryIsWithinHalfTheBodyAgainAndTheWeightCountsAtLeastIt() {
		LocalTier tier = LocalTier.of(this::issue, properties, time, time,
				new LocalTierMetrics(new SimpleMeterRegistry()), new VideoGenerations());
		CredentialKey.Parameters parameters = CredentialKey.Parameters.of(Map.of("AuthInfoTimeout", "3000"));
		long before = usedHeap();
		for (int i = 0; i < ENTRIES; i++) {
			CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(id(i)), parameters);
			tier.fetch(CredentialRequest.of(key, Duration.ofSeconds(60))).block();
		}
		tier.cleanUp();
		long after = usedHeap();
		double perEntry = (after - before) / (double) ENTRIES;
		double weightPerEntry = tier.weightedSize() / (double) ENTRIES;
		System.out.printf("BENCH heap per entry: %.0f bytes for a %d-byte body (%.2f x), weight counted %.0f bytes, "
				+ "%d entries%n", perEntry, BODY, perEntry / BODY, weightPerEntry, tier.size());
		assertThat(tier.size()).isEqualTo(ENTRIES);
		assertThat(perEntry).isLessThanOrEqualTo(1.5 * BODY);
		assertThat(weightPerEntry).isGreaterThanOrEqualTo(perEntry);
	}

	private Mono<Served> issue(CredentialRequest request) {
		Instant now = time.instant();
		byte[] body = new byte[BODY];
		Arrays.fill(body, (byte) 'x');
		return Mono.just(new Served(new Credential(request.key(), body, now, now.plus(LIFETIME)), CacheStatus.MISS));
	}

	private static String id(int i) {
		String digits = Integer.toString(i, 36);
		return "Z".repeat(VideoId.LENGTH - digits.length()) + digits;
	}

	private static long usedHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}
}
