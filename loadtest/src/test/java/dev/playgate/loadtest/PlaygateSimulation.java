package dev.playgate.loadtest;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What every playgate simulation does around its own load: checks that the gateways answer before sending any,
 * sets the hard stop ({@code maxDuration}), applies the common assertions (error %, p95, p99, each a {@code -D} knob
 * with a per-simulation default) and, with {@code -Dplaygate.out=DIR}, records every request ({@link RequestLog}),
 * samples the emulator and the processes every second ({@link Sampler}) and writes the client tally
 * ({@link ClientTally}) there for the summary.
 */
abstract class PlaygateSimulation extends Simulation {

	private static final Clock WALL = Clock.systemUTC();

	private final List<String> baseUrls = Knobs.baseUrls();
	private Schedule schedule = Schedule.open();
	private long startedAtMs;
	private @Nullable Sampler sampler;

	/**
	 * Sets up the run: one scenario with this schedule and chain over all base URLs, stopped at the latest
	 * {@code -Dgrace} seconds (default 30) after the last arrival, failing unless the error % and percentiles are
	 * within {@code -DmaxErrorPct}, {@code -Dp95Ms}, {@code -Dp99Ms}, plus any {@code extra} assertions.
	 */
	protected void launch(Schedule arrivals, ChainBuilder chain, Limits limits, Assertion... extra) {
		ClientTally.reset();
		this.schedule = arrivals;
		List<Assertion> assertions = new ArrayList<>(List.of(
				global().failedRequests().percent().lte(Knobs.decimal("maxErrorPct", limits.maxErrorPct(), 0, 100)),
				global().responseTime().percentile(95.0).lt(Knobs.integer("p95Ms", limits.p95Ms(), 1, 600_000)),
				global().responseTime().percentile(99.0).lt(Knobs.integer("p99Ms", limits.p99Ms(), 1, 600_000))));
		assertions.addAll(Arrays.asList(extra));
		int grace = Knobs.integer("grace", 30, 1, 3600);
		setUp(scenario(getClass().getSimpleName()).exec(chain).injectOpen(arrivals.steps()))
				.protocols(Playback.protocol(baseUrls))
				.maxDuration(Duration.ofSeconds(arrivals.seconds() + (long) grace))
				.assertions(assertions);
	}

	/**
	 * The default pass marks of a simulation.
	 *
	 * @param maxErrorPct highest acceptable share of failed requests, in percent
	 * @param p95Ms       95th percentile response time must be below this
	 * @param p99Ms       99th percentile response time must be below this
	 */
	protected record Limits(double maxErrorPct, int p95Ms, int p99Ms) {
	}

	@Override
	public void before() {
		for (String url : baseUrls) {
			URI uri = URI.create(url);
			int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(uri.getHost(), port), 3_000);
			}
			catch (IOException ex) {
				throw new IllegalStateException("No gateway answers at " + url + " (" + ex.getMessage()
						+ "); start one or pass -DbaseUrls=...", ex);
			}
		}
		String out = System.getProperty("playgate.out", "");
		if (!out.isBlank()) {
			RequestLog.open(Path.of(out));
			sampler = Sampler.start(Path.of(out));
		}
		startedAtMs = WALL.millis();
	}

	@Override
	public void after() {
		String out = System.getProperty("playgate.out", "");
		if (out.isBlank()) {
			return;
		}
		RequestLog.close();
		if (sampler != null) {
			sampler.close();
		}
		try {
			ClientTally.write(Path.of(out), getClass().getSimpleName(), Knobs.inEffect(), schedule.phases(),
					startedAtMs, WALL.millis());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the client tally to " + out, ex);
		}
	}
}
