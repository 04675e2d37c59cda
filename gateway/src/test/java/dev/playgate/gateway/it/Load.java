package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Sends many concurrent HTTP requests to a gateway and collects the answers; for concurrency tests. */
final class Load {

	private Load() {
	}

	/** One answer: status, headers and body. */
	record Answer(int status, HttpHeaders headers, String body) {

		String header(String name) {
			return headers.get(name);
		}
	}

	/** Sends {@code count} GETs at once ({@code path(i)} for the i-th) and waits for all answers. */
	static List<Answer> concurrently(String baseUrl, int count, IntFunction<String> path) {
		ConnectionProvider connections = ConnectionProvider.builder("load")
			.maxConnections(count)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			HttpClient client = HttpClient.create(connections).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
			return Flux.range(0, count)
				.flatMap(i -> client.get()
					.uri(path.apply(i))
					.responseSingle((response, body) -> body.asString()
						.defaultIfEmpty("")
						.map(text -> new Answer(response.status().code(), response.responseHeaders(), text))), count)
				.collectList()
				.block(Duration.ofSeconds(60));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	/** Sends one GET. */
	static Answer get(String baseUrl, String path) {
		return concurrently(baseUrl, 1, i -> path).get(0);
	}

}
