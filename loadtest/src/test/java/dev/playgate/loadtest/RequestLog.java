package dev.playgate.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Every request's outcome, one line each in {@code requests.csv} of {@code -Dplaygate.out}: the run's own record,
 * in a format this project owns, from which the summary computes exact percentiles, per-second rates and the
 * calls VOD would have seen without playgate. Gatling's {@code simulation.log} is an internal binary format that
 * changes between versions and 3.15 writes no stats JSON, so the simulation records what it needs itself: the
 * response time is Gatling's own ({@code responseTimeInMillis()}, timed from the send), and a request that got no
 * response at all (refused, timed out) is timed from when the virtual user issued it.
 *
 * <p>Columns: {@code op,sentAtEpochMs,responseMs,ok,lookups} where {@code lookups} is how many credentials the
 * request asked for (1, or the number of ids in a batch): without playgate each would be one VOD call.
 */
final class RequestLog {

	/** The file name in the run directory. */
	static final String FILE = "requests.csv";

	/** The header line. */
	static final String HEADER = "op,sentAtEpochMs,responseMs,ok,lookups";

	private static final Clock WALL = Clock.systemUTC();

	private static @Nullable BufferedWriter out;

	private RequestLog() {
	}

	/** Starts recording into {@code dir/requests.csv} (replacing an earlier file). */
	static synchronized void open(Path dir) {
		close();
		try {
			Files.createDirectories(dir);
			out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8);
			out.write(HEADER);
			out.newLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + dir.resolve(FILE), ex);
		}
	}

	/** Stops recording and flushes what was recorded; nothing happens when nothing is open. */
	static synchronized void close() {
		if (out != null) {
			try {
				out.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not finish " + FILE, ex);
			}
			finally {
				out = null;
			}
		}
	}

	/**
	 * The request wrapped so that its outcome is recorded: the send instant is noted before it, and one line is
	 * written after it. The request must save Gatling's response time as {@code responseMs} (see
	 * {@link Playback}); the feeder may give {@code lookups}.
	 */
	static ChainBuilder recorded(ActionBuilder request) {
		return exec(session -> session.set("sentAt", WALL.millis())).exec(request).exec(RequestLog::record);
	}

	private static Session record(Session session) {
		long sentAt = session.getLong("sentAt");
		long responseMs = session.contains("responseMs") ? session.getLong("responseMs") : WALL.millis() - sentAt;
		int lookups = session.contains("lookups") ? session.getInt("lookups") : 1;
		String op = session.contains("op") ? session.getString("op") : "unknown";
		write(line(op, sentAt, responseMs, !session.isFailed(), lookups));
		return session;
	}

	/** One CSV line (the op names used here never need quoting). */
	static String line(String op, long sentAtEpochMs, long responseMs, boolean ok, int lookups) {
		return op + "," + sentAtEpochMs + "," + responseMs + "," + (ok ? 1 : 0) + "," + lookups;
	}

	private static synchronized void write(String line) {
		if (out == null) {
			return;
		}
		try {
			out.write(line);
			out.newLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not append to " + FILE, ex);
		}
	}
}
