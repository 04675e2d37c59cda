package dev.playgate.gateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.playgate.gateway.loop.ServerLoops;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector's command connections against a real redis-server: one per server event loop, each on its loop. */
final class RedisConnectorTest {

	private static RedisProcess redis;

	private static RedisConnector connector;

	@BeforeAll
	static void connect() {
		redis = RedisProcess.start();
		connector = new RedisConnector(RedisProperties.of(redis.url()), new RedisPubSubAdapter<>(), () -> {
		});
		assertThat(connector.connect(Duration.ofSeconds(10))).isEmpty();
	}

	@AfterAll
	static void stop() {
		connector.close();
		redis.close();
	}

	@Test
	void commandSentFromAnyServerLoopIsAnsweredOnThatLoop() throws Exception {
		for (EventLoop loop : ServerLoops.of().each()) {
			CompletableFuture<Boolean> onThatLoop = new CompletableFuture<>();
			loop.execute(() -> connector.commands()
				.ping()
				.subscribe(pong -> onThatLoop.complete(loop.inEventLoop()), onThatLoop::completeExceptionally));

			assertThat(onThatLoop.get(10, TimeUnit.SECONDS)).as("answered on " + loop).isTrue();
		}
	}

	@Test
	void commandSentFromAnotherThreadIsAnsweredToo() {
		assertThat(connector.commands().ping().block(Duration.ofSeconds(10))).isEqualTo("PONG");
	}

	@Test
	void connectedMeansEveryConnectionIsOpen() {
		assertThat(connector.isConnected()).isTrue();
	}
}
