package dev.playgate.gateway.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.PlaygateApplication;
import dev.playgate.gateway.time.FakeTime;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real gateway process-in-a-JVM for integration tests: the whole Spring Boot application on port 0 (and management
 * on another port 0), pointed at a vod-emulator over HTTP with the real SDK.
 */
public final class RunningGateway implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	/**
	 * The test clients' own connections, closed with this gateway: a kept-alive connection to a gateway of an earlier
	 * test must never be reused for a later gateway that happens to get the same port.
	 */
	private final ConnectionProvider connections = ConnectionProvider.builder("running-gateway")
		.maxConnections(64)
		.pendingAcquireMaxCount(-1)
		.build();

	private RunningGateway(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts a gateway in front of {@code emulator}, with extra properties and optionally a fake time. */
	public static RunningGateway start(VodEmulator emulator, Map<String, Object> properties, @Nullable FakeTime time) {
		Map<String, Object> all = new HashMap<>();
		all.put("server.port", 0);
		all.put("management.server.port", 0);
		all.put("playgate.vod.endpoint", emulator.endpoint());
		all.put("playgate.vod.protocol", "http");
		all.put("playgate.vod.access-key-id", "testAk");
		all.put("playgate.vod.access-key-secret", "testSecret");
		all.put("logging.level.root", "WARN");
		all.putAll(properties);
		List<String> args = new ArrayList<>();
		all.forEach((key, value) -> args.add("--" + key + "=" + value));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PlaygateApplication.class)
			.web(WebApplicationType.REACTIVE);
		if (time != null) {
			builder.initializers(context -> {
				context.getBeanFactory().registerSingleton("clock", time);
				// the clock and ticker only: the gateway's waits race real Redis TTLs and real HTTP here, and a jump of
				// fake time would fire every pending timeout at once; its delays stay on the real scheduler
				context.getBeanFactory().registerSingleton("ticker", time);
			});
		}
		return new RunningGateway(builder.run(args.toArray(String[]::new)));
	}

	/** Starts a gateway in front of {@code emulator} with extra properties. */
	public static RunningGateway start(VodEmulator emulator, Map<String, Object> properties) {
		return start(emulator, properties, null);
	}

	/** The public API's port. */
	public int port() {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

	/** The management port. */
	public int managementPort() {
		return Integer.parseInt(context.getEnvironment().getProperty("local.management.port", "0"));
	}

	/** The public API's base URL. */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** A test client for the public API. */
	public WebTestClient client() {
		return clientOf(baseUrl());
	}

	/** A test client for the management port. */
	public WebTestClient management() {
		return clientOf("http://127.0.0.1:" + managementPort());
	}

	private WebTestClient clientOf(String baseUrl) {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * The management port's Prometheus scrape. Spring Boot runs a blocking endpoint such as this one on Reactor's
	 * shared bounded-elastic scheduler, so a scrape that does not answer fails with what that scheduler's threads
	 * were doing.
	 */
	public String prometheus() {
		try {
			return management().get().uri("/actuator/prometheus").exchange()
				.expectStatus().isOk()
				.expectBody(String.class).returnResult().getResponseBody();
		}
		catch (IllegalStateException timeout) {
			throw new AssertionError("no scrape within 30 s; " + ThreadStates.of("boundedElastic"), timeout);
		}
	}

	/** The application context, to reach beans. */
	public ConfigurableApplicationContext context() {
		return context;
	}

	@Override
	public void close() {
		try {
			context.close();
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}
}
