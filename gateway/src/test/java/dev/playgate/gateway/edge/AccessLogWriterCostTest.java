package dev.playgate.gateway.edge;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CPU per access-log line on the writer thread, measured: {@value #LINES} lines through an {@link AccessLogWriter}
 * into a file that stands in for stdout ({@code System.out} replaced by a print stream like the JVM's own: autoflush,
 * a 128-byte buffer), once with Spring Boot's default console appender (its {@code defaults.xml} and
 * {@code console-appender.xml}, what the access log went through before; the writer logs each line as an event) and
 * once with {@link AccessLogAppender} (the writer hands it whole batches), in interleaved rounds; the writer thread's CPU time from the {@code ThreadMXBean}, and the {@code write} calls that
 * reached the file. A benchmark (figures in {@code docs/}), not a verdict of the build: run it with
 * {@code -Dplaygate.benchmarks=none}.
 */
@Tag("benchmark")
final class AccessLogWriterCostTest {

	private static final int LINES = 200_000;
	private static final int CHUNK = 16_384;
	private static final int ROUNDS = 5;
	private static final String BOOT_CONSOLE = """
			<configuration>
			  <include resource="org/springframework/boot/logging/logback/defaults.xml"/>
			  <include resource="org/springframework/boot/logging/logback/console-appender.xml"/>
			  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
			</configuration>
			""";

	@Test
	void cpuPerLineOnTheWriterThread() throws Exception {
		AccessLine[] lines = new AccessLine[LINES];
		for (int i = 0; i < LINES; i++) {
			lines[i] = AccessLineTest.line(String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L), "127.0.0.1",
					"GET", "/v1/videos/benchbenchbenchbenchbenchbench01/play-auth", 200, "HIT", null, i % 1000);
		}
		List<String> report = new ArrayList<>();
		double[][] perLine = new double[2][ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			for (int k = 0; k < 2; k++) {
				int arm = (round + k) % 2;
				Result result = run(lines, arm == 0 ? AccessLogWriterCostTest::bootConsole
						: AccessLogWriterCostTest::jsonLines);
				perLine[arm][round] = result.cpuNanos / (double) LINES / 1000;
				report.add(String.format(Locale.ROOT, "round %d %s: %.2f us CPU per line, %.3f writes per line",
						round + 1, arm == 0 ? "Boot console" : "JSON lines", perLine[arm][round],
						result.writes / (double) LINES));
			}
		}
		report.forEach(line -> System.out.println("BENCH access log " + line));
		System.out.printf(Locale.ROOT, "BENCH access log writer thread, median of %d rounds of %d lines: Boot console "
				+ "%.2f us CPU per line, JSON lines %.2f us%n", ROUNDS, LINES, median(perLine[0]), median(perLine[1]));
		assertThat(median(perLine[1])).isPositive();
	}

	private static LoggerContext bootConsole() {
		LoggerContext context = context();
		context.putProperty("PID", String.valueOf(ProcessHandle.current().pid()));
		context.putProperty("APPLICATION_NAME", "playgate");
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		try {
			configurator.doConfigure(new ByteArrayInputStream(BOOT_CONSOLE.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return context;
	}

	private static LoggerContext jsonLines() {
		LoggerContext context = context();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		AccessLogAppender.installOn(context);
		return context;
	}

	/** A context like the one SLF4J binds, with its MDC (Boot's pattern reads it). */
	private static LoggerContext context() {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		return context;
	}

	private static Result run(AccessLine[] lines, Supplier<LoggerContext> configuration) throws IOException {
		Path file = Files.createTempFile("access-log", ".out");
		PrintStream stdout = System.out;
		Counted counted = new Counted(new FileOutputStream(file.toFile()));
		LoggerContext context;
		try (PrintStream out = new PrintStream(new BufferedOutputStream(counted, 128), true, StandardCharsets.UTF_8)) {
			System.setOut(out);
			context = configuration.get();
			Logger logger = context.getLogger(AccessLogWriter.LOGGER);
			Ticker ticker = Ticker.systemTicker();
			try (AccessLogWriter writer = new AccessLogWriter(logger, ticker, new LineBatches())) {
				writer.write(lines[0], ticker.read());
				await(() -> size(file) > 0);
				long lineBytes = size(file);
				Thread drainer = drainer();
				long startCpu = cpu(drainer);
				long writesBefore = counted.writes;
				for (int from = 0; from < lines.length; from += CHUNK) {
					int to = Math.min(lines.length, from + CHUNK);
					for (int i = from; i < to; i++) {
						writer.write(lines[i], ticker.read());
					}
					long expected = (1L + to) * lineBytes;
					await(() -> size(file) >= expected);
				}
				assertThat(writer.dropped()).isZero();
				assertThat(size(file)).isEqualTo((1L + lines.length) * lineBytes);
				return new Result(cpu(drainer) - startCpu, counted.writes - writesBefore);
			}
			finally {
				context.stop();
			}
		}
		finally {
			System.setOut(stdout);
			Files.delete(file);
		}
	}

	private static void await(java.util.concurrent.Callable<Boolean> condition) {
		Awaitility.await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
			.until(condition);
	}

	private static long size(Path file) throws IOException {
		return Files.size(file);
	}

	private static Thread drainer() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter(thread -> thread.getName().equals("playgate-access-log") && thread.isAlive())
			.findFirst().orElseThrow();
	}

	@SuppressWarnings("deprecation")
	private static long cpu(Thread thread) {
		return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private record Result(long cpuNanos, long writes) {
	}

	/** The file's stream, counting the writes that reach it (each one a {@code write(2)}). */
	private static final class Counted extends FilterOutputStream {

		volatile long writes;

		Counted(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			writes++;
			out.write(b, off, len);
		}

		@Override
		public void write(int b) throws IOException {
			writes++;
			out.write(b);
		}
	}
}
