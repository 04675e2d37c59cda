package dev.playgate.gateway.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process on a free loopback port for tests: the system's {@code /usr/bin/redis-server} when
 * installed, otherwise the binary shipped inside the embedded-redis artifact (so a fresh machine needs no Redis). It
 * can be stopped (gracefully or killed) and started again on the same port, to test outages.
 */
public final class RedisProcess implements AutoCloseable {

	private static final Path SYSTEM_REDIS = Path.of("/usr/bin/redis-server");

	private final int port;
	private final List<String> extraArgs;
	private final Path dir;
	private Process process;

	private RedisProcess(int port, List<String> extraArgs) throws IOException {
		this.port = port;
		this.extraArgs = extraArgs;
		this.dir = Files.createTempDirectory("playgate-redis-" + port);
		restart();
	}

	/** Starts a standalone server on a free port. */
	public static RedisProcess start(String... extraArgs) {
		return startOn(freePort(), extraArgs);
	}

	/** Starts a server on {@code port}. */
	public static RedisProcess startOn(int port, String... extraArgs) {
		try {
			return new RedisProcess(port, List.of(extraArgs));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A free port whose cluster-bus port (port + 10000) is free too. */
	public static int freePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
			if (isFree(port) && isFree(port + 10_000)) {
				return port;
			}
		}
		throw new IllegalStateException("no free port pair found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException taken) {
			return false;
		}
	}

	/** The port the server listens on. */
	public int port() {
		return port;
	}

	/** The server's {@code redis://} URI. */
	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	/** Starts the server again after {@link #stop} or {@link #kill}, on the same port and with an empty dataset. */
	public synchronized void restart() throws IOException {
		List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning"));
		command.addAll(extraArgs);
		process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		Awaitility.await("redis-server on port " + port)
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(20))
			.until(this::answersPing);
	}

	/** Stops the server the way an operator would (SIGTERM). */
	public synchronized void stop() {
		end(false);
	}

	/** Freezes the server (SIGSTOP): connections stay open, nothing is answered, as a stalled node would. */
	public synchronized void pause() {
		signal("STOP");
	}

	/** Lets a {@link #pause paused} server run again (SIGCONT). */
	public synchronized void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " failed");
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Kills the server abruptly (SIGKILL). */
	public synchronized void kill() {
		end(true);
	}

	private void end(boolean forcibly) {
		if (process == null) {
			return;
		}
		if (forcibly) {
			process.destroyForcibly();
		}
		else {
			process.destroy();
		}
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		process = null;
	}

	/** Whether the server answers {@code PING} now. */
	public boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readNBytes(7);
			return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (IOException notYet) {
			return false;
		}
	}

	private static String executable() throws IOException {
		if (Files.isExecutable(SYSTEM_REDIS)) {
			return SYSTEM_REDIS.toString();
		}
		File embedded = ExecutableProvider.newJarResourceProvider().get();
		return embedded.getAbsolutePath();
	}

	@Override
	public void close() {
		kill();
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException leftBehind) {
			// a temporary directory left behind is harmless
		}
	}
}
