package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.playgate.gateway.it.Load.Answer;
import dev.playgate.gateway.time.SystemTime;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Demand far above the upstream budget: on every gateway, {@code callersPerGateway} callers each asking for a video
 * nobody asked for before, again and again, for a while. Every answer is recorded with the time it arrived.
 */
final class Demand {

	/** One answer and when it arrived (nanoseconds since the demand started). */
	record Timed(long atNanos, Answer answer) {

		boolean isMiss() {
			return answer.status() == 200 && "MISS".equals(answer.header("X-Cache"));
		}
	}

	private static final Ticker TICKER = SystemTime.ticker();

	private Demand() {
	}

	/** Runs the demand for {@code duration} and answers everything it got, in arrival order. */
	static List<Timed> run(GatewayFleet fleet, int callersPerGateway, Duration duration) {
		int callers = callersPerGateway * fleet.size();
		ConnectionProvider connections = ConnectionProvider.builder("demand").maxConnections(callers).build();
		long start = TICKER.read();
		long end = start + duration.toNanos();
		ConcurrentLinkedQueue<Timed> answers = new ConcurrentLinkedQueue<>();
		try {
			HttpClient client = HttpClient.create(connections).responseTimeout(Duration.ofSeconds(30));
			Flux.range(0, callers)
				.flatMap(caller -> Mono
					.defer(() -> GatewayFleet.get(client, fleet.gateway(caller % fleet.size()).baseUrl() + "/v1/videos/"
							+ GatewayFleet.freshVideo() + "/play-auth"))
					.doOnNext(answer -> answers.add(new Timed(TICKER.read() - start, answer)))
					.repeat(() -> TICKER.read() < end), callers)
				.blockLast(duration.plusSeconds(60));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
		return answers.stream().sorted(java.util.Comparator.comparingLong(Timed::atNanos)).toList();
	}

	/** The upstream misses answered between {@code from} and {@code to} after the start. */
	static long missesBetween(List<Timed> answers, Duration from, Duration to) {
		return answers.stream()
			.filter(Timed::isMiss)
			.filter(t -> t.atNanos() >= from.toNanos() && t.atNanos() < to.toNanos())
			.count();
	}
}
