package dev.playgate.gateway.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

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

/**
 * The local tier's hit, in process, over {@value #FEW} and over {@value #MANY} cached keys: random keys, each lookup
 * building its key from the id text and a parameter map, rounds of the two interleaved in one JVM. Prints the ns per
 * hit and the ratio; a benchmark (figures in {@code docs/}), not a verdict of the build, so it asserts nothing about
 * speed. Run it with {@code -Dplaygate.benchmarks=none}.
 */
@Tag("benchmark")
final class LocalTierScaleTest {

	private static final int FEW = 1_000;
	private static final int MANY = 1_000_000;
	private static final int LOOKUPS = 2_000_000;
	private static final int BODY = 64;

	private final FakeTime time = FakeTime.create();
	private final CacheProperties properties = new CacheProperties(DataSize.ofMegabytes(1024), Duration.ofSeconds(60),
			0.75, 0.1, Duration.ofSeconds(10), 1000);

	@Test
	void hitsOverAMillionKeysAgainstHitsOverAThousand() {
		LocalTier few = filled(Arrays.copyOf(ids(MANY), FEW));
		LocalTier many = filled(ids(MANY));
		String[] fewIds = Arrays.copyOf(ids(MANY), FEW);
		String[] manyIds = ids(MANY);
		double bestFew = Double.MAX_VALUE;
		double bestMany = Double.MAX_VALUE;
		for (int round = 0; round < 6; round++) {
			bestFew = Math.min(bestFew, nanosPerHit(few, fewIds, round));
			bestMany = Math.min(bestMany, nanosPerHit(many, manyIds, round));
		}
		System.out.printf("BENCH local hit: %.0f ns over %d keys, %.0f ns over %d keys, rate ratio %.2f%n", bestFew, FEW,
				bestMany, MANY, bestFew / bestMany);
	}

	private double nanosPerHit(LocalTier tier, String[] ids, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, String> parameters = Map.of("AuthInfoTimeout", "3000");
		long hits = 0;
		long start = System.nanoTime();
		for (int i = 0; i < LOOKUPS; i++) {
			String id = ids[random.nextInt(ids.length)];
			CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(id), parameters);
			Served served = tier.fetch(CredentialRequest.of(key, Duration.ofSeconds(60))).block();
			hits += served.status() == CacheStatus.HIT ? 1 : 0;
		}
		long elapsed = System.nanoTime() - start;
		if (hits != LOOKUPS) {
			throw new IllegalStateException("expected only hits, got " + hits + " of " + LOOKUPS);
		}
		return elapsed / (double) LOOKUPS;
	}

	private LocalTier filled(String[] ids) {
		LocalTier tier = LocalTier.of(this::issue, properties, time, time,
				new LocalTierMetrics(new SimpleMeterRegistry()), new VideoGenerations());
		Map<String, String> parameters = Map.of("AuthInfoTimeout", "3000");
		for (String id : ids) {
			tier.fetch(CredentialRequest.of(CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(id), parameters),
					Duration.ofSeconds(60))).block();
		}
		tier.cleanUp();
		return tier;
	}

	private Mono<Served> issue(CredentialRequest request) {
		Instant now = time.instant();
		return Mono.just(new Served(new Credential(request.key(), new byte[BODY], now, now.plusSeconds(2970)),
				CacheStatus.MISS));
	}

	/** Ids like VOD's: random characters (a padded counter would give the text hashes many collisions). */
	private static String[] ids(int count) {
		String alphabet = "0123456789abcdef";
		SplittableRandom random = new SplittableRandom(42);
		String[] ids = new String[count];
		char[] id = new char[VideoId.LENGTH];
		for (int i = 0; i < count; i++) {
			for (int c = 0; c < id.length; c++) {
				id[c] = alphabet.charAt(random.nextInt(alphabet.length()));
			}
			ids[i] = new String(id);
		}
		return ids;
	}
}
