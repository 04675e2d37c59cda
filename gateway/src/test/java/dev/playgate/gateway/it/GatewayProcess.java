package dev.playgate.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.PlaygateApplication;
import dev.playgate.gateway.redis.RedisProcess;
import org.awaitility.Awaitility;

/**
 * A gateway in a separate JVM, for tests that must stop one abruptly ({@code SIGKILL}): no shutdown hook, no lease
 * released, no message published, exactly as a crashed pod. (Closing an in-JVM gateway would also dispose Reactor
 * Netty's JVM-wide resources, which the other in-JVM gateways share.)
 */
final class GatewayProcess implements AutoCloseable {

	private final Process process;
	private final int port;
	private final Path log;

	private GatewayProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts a gateway process in front of {@code emulator} and waits until it answers. */
	static GatewayProcess start(VodEmulator emulator, Map<String, Object> properties) {
		int port = RedisProcess.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), PlaygateApplication.class.getName(), "--server.port=" + port, "--management.server.port=0",
				"--playgate.vod.endpoint=" + emulator.endpoint(), "--playgate.vod.protocol=http",
				"--playgate.vod.access-key-id=testAk", "--playgate.vod.access-key-secret=testSecret",
				"--logging.level.root=WARN"));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Path log = Files.createTempFile("playgate-gateway-" + port, ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			GatewayProcess gateway = new GatewayProcess(process, port, log);
			Awaitility.await("gateway process on port " + port + " (log: " + log + ")")
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.until(gateway::answers);
			return gateway;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private boolean answers() {
		if (!process.isAlive()) {
			throw new IllegalStateException("the gateway process exited with " + process.exitValue());
		}
		try {
			return Load.get(baseUrl(), "/v1/videos/not-a-video/play-auth").status() == 400;
		}
		catch (RuntimeException notYet) {
			return false;
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	/** Kills the process at once, as a crash would. */
	void kill() {
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
		log.toFile().delete();
	}
}
