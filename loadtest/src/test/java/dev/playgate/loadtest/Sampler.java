package dev.playgate.loadtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Samples a run once a second from inside the load generator, into {@code samples.jsonl} of {@code -Dplaygate.out}:
 * the emulator's {@code GET /__admin/stats} ({@code -Dplaygate.statsUrl}, cumulative calls per API), the CPU time
 * used so far by each process named in {@code -Dplaygate.processes} ({@code label=pid,...}, descendants included,
 * exited ones remembered) and by the load generator itself, and the whole machine's busy time. The summary turns
 * the differences into upstream calls per second and CPU cores per process.
 *
 * <p>One line: {@code {"t0": ms before asking, "t": ms after, "stats": {...}, "cpu": {"label": s}, "machine":
 * {"busy": s, "total": s}}}.
 */
final class Sampler implements AutoCloseable {

	/** The file name in the run directory. */
	static final String FILE = "samples.jsonl";

	/** The label of the load generator: this JVM, and the Maven JVM that forked it when there is one. */
	static final String LOAD_GENERATOR = "load generator (Maven + Gatling)";

	/** Linux's USER_HZ, the unit of /proc/stat (100 on every mainstream architecture). */
	private static final double TICKS_PER_SECOND = 100.0;

	private static final Clock WALL = Clock.systemUTC();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "playgate-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(800)).build();

	private final BufferedWriter out;

	private final @Nullable URI statsUrl;

	private final Map<String, ProcessHandle> roots;

	private final Map<String, Map<Long, Double>> seen = new HashMap<>();

	private Sampler(BufferedWriter out, @Nullable URI statsUrl, Map<String, ProcessHandle> roots) {
		this.out = out;
		this.statsUrl = statsUrl;
		this.roots = roots;
	}

	/** Starts sampling into {@code dir}, as the {@code -D} properties say. */
	static Sampler start(Path dir) {
		String url = System.getProperty("playgate.statsUrl", "").trim();
		Map<String, ProcessHandle> roots = new LinkedHashMap<>(processes(System.getProperty("playgate.processes", "")));
		roots.put(LOAD_GENERATOR, loadGenerator());
		try {
			Files.createDirectories(dir);
			Sampler sampler = new Sampler(Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8),
					url.isEmpty() ? null : URI.create(url), roots);
			sampler.timer.scheduleAtFixedRate(sampler::sampleQuietly, 0, 1, TimeUnit.SECONDS);
			return sampler;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + dir.resolve(FILE), ex);
		}
	}

	/** {@code label=pid,label=pid}: the processes whose CPU is sampled; unknown or gone pids are skipped. */
	static Map<String, ProcessHandle> processes(String spec) {
		Map<String, ProcessHandle> found = new LinkedHashMap<>();
		for (String entry : spec.split(",")) {
			int eq = entry.lastIndexOf('=');
			if (eq > 0) {
				try {
					ProcessHandle.of(Long.parseLong(entry.substring(eq + 1).trim()))
						.ifPresent(handle -> found.put(entry.substring(0, eq).trim(), handle));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("playgate.processes must be label=pid,...: '" + entry + "'",
							ex);
				}
			}
		}
		return found;
	}

	private static ProcessHandle loadGenerator() {
		ProcessHandle self = ProcessHandle.current();
		return self.parent()
			.filter(parent -> parent.info().command().map(command -> command.endsWith("java")).orElse(false))
			.orElse(self);
	}

	private void sampleQuietly() {
		try {
			sample();
		}
		catch (RuntimeException | IOException ex) {
			// one missed sample widens one interval; rates divide by the real elapsed time
		}
	}

	private void sample() throws IOException {
		long before = WALL.millis();
		String machine = machine();
		String cpu = roots.entrySet().stream()
			.map(root -> quote(root.getKey()) + ": " + round(cpuSeconds(root.getKey(), root.getValue())))
			.collect(Collectors.joining(", ", "{", "}"));
		String stats = stats();
		// stamped after the stats answered: on a starved machine that answer can come late, and its counts are as
		// of then
		long after = WALL.millis();
		String line = "{\"t0\": " + before + ", \"t\": " + after + (stats == null ? "" : ", \"stats\": " + stats)
				+ ", \"cpu\": " + cpu + ", \"machine\": " + machine + "}";
		synchronized (out) {
			out.write(line);
			out.newLine();
			out.flush();
		}
	}

	private @Nullable String stats() {
		if (statsUrl == null) {
			return null;
		}
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(statsUrl).timeout(Duration.ofMillis(800))
				.build(), HttpResponse.BodyHandlers.ofString());
			String body = response.body().strip();
			return response.statusCode() == 200 && body.startsWith("{") ? body : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private double cpuSeconds(String label, ProcessHandle root) {
		Map<Long, Double> known = seen.computeIfAbsent(label, absent -> new HashMap<>());
		Stream.concat(Stream.of(root), root.descendants()).forEach(process -> process.info()
			.totalCpuDuration()
			.ifPresent(used -> known.put(process.pid(), used.toNanos() / 1e9)));
		return known.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	private static String machine() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
		String[] fields = lines.get(0).trim().split("\\s+");
		long total = 0;
		for (int i = 1; i < fields.length; i++) {
			total += Long.parseLong(fields[i]);
		}
		long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
		return "{\"busy\": " + round((total - idle) / TICKS_PER_SECOND) + ", \"total\": "
				+ round(total / TICKS_PER_SECOND) + "}";
	}

	private static String round(double seconds) {
		return String.format(java.util.Locale.ROOT, "%.2f", seconds);
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/** Takes a last sample and stops. */
	@Override
	public void close() {
		timer.shutdown();
		try {
			timer.awaitTermination(3, TimeUnit.SECONDS);
			sampleQuietly();
			out.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not finish " + FILE, ex);
		}
	}
}
