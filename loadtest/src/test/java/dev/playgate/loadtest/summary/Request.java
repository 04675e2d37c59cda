package dev.playgate.loadtest.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One request as the simulation recorded it (a line of {@code requests.csv}).
 *
 * @param op         the call: {@code play-auth}, {@code play-info}, {@code batch}
 * @param sentAtMs   when the virtual user issued it, epoch ms
 * @param responseMs Gatling's response time, or the time until the failure when no response came
 * @param ok         whether every check passed
 * @param lookups    credentials asked for: 1, or the ids of a batch (each one VOD call without playgate)
 */
public record Request(String op, long sentAtMs, long responseMs, boolean ok, int lookups) {

	/** When the answer (or the failure) came, epoch ms. */
	public long endMs() {
		return sentAtMs + responseMs;
	}

	/** The VOD API one lookup of this call needs. */
	public String action() {
		return "play-info".equals(op) ? "GetPlayInfo" : "GetVideoPlayAuth";
	}

	/** Every request of a {@code requests.csv}; a header line and blank lines are skipped, a bad line is an error. */
	public static List<Request> read(Path file) throws IOException {
		List<Request> requests = new ArrayList<>();
		int number = 0;
		for (String line : Files.readAllLines(file)) {
			number++;
			if (line.isBlank() || line.startsWith("op,")) {
				continue;
			}
			String[] fields = line.split(",");
			try {
				requests.add(new Request(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]),
						"1".equals(fields[3]), Integer.parseInt(fields[4])));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(file + " line " + number + " is not op,sentAt,ms,ok,lookups: '"
						+ line + "'", ex);
			}
		}
		return requests;
	}
}
