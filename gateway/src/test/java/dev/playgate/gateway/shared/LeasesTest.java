package dev.playgate.gateway.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisProcess;
import dev.playgate.gateway.redis.RedisProperties;
import dev.playgate.gateway.shared.Leases.Claim;
import dev.playgate.gateway.time.CountingScheduler;
import dev.playgate.gateway.time.FakeTime;
import dev.playgate.gateway.time.SystemTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A holder's lease renewals against a real redis-server, their ticks in virtual time. */
final class LeasesTest {

	private static final Duration LAPSE = Duration.ofSeconds(2);

	/** Renewals every quarter of the lapse, strictly before the TTL: at 0.5 s, 1 s and 1.5 s. */
	private static final Duration LEASE_TTL = Duration.ofSeconds(2);

	private static RedisProcess redis;

	private static RedisLink link;

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		link = RedisLink.open(RedisProperties.of(redis.url())
			.withTimings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(15)), SystemTime.ticker(),
				meters);
	}

	@AfterAll
	static void stop() {
		link.close();
		redis.close();
	}

	@Test
	void renewalsEndAtTheLeaseTtlAndArmOneTimerInAll() {
		FakeTime time = FakeTime.create();
		CountingScheduler timers = CountingScheduler.over(time.scheduler());
		Leases leases = new Leases(link, new SharedKeys("playgate"), SystemTime.clock(), LAPSE, LEASE_TTL, timers);
		CredentialKey key = Fleet.freshKey();
		assertThat(leases.claim(CredentialRequest.of(key, Duration.ofSeconds(60)), "holder").block())
			.isInstanceOf(Claim.Leased.class);
		AtomicBoolean ended = new AtomicBoolean();
		leases.keepAlive(key, "holder").subscribe(null, null, () -> ended.set(true));

		time.advance(LEASE_TTL.minusMillis(1));
		Awaitility.await("a renewal").atMost(Duration.ofSeconds(5)).until(() -> renewals() >= 1);
		assertThat(ended).isFalse();
		time.advance(Duration.ofMillis(1));

		Awaitility.await("the end of the renewals").atMost(Duration.ofSeconds(5)).untilTrue(ended);
		assertThat(renewals()).isBetween(1.0, 3.0);
		assertThat(timers.timers()).isEqualTo(1);
	}

	private static double renewals() {
		Counter counter = meters.find("playgate.redis.round.trips").tag("operation", "renew").counter();
		return counter == null ? 0 : counter.count();
	}
}
