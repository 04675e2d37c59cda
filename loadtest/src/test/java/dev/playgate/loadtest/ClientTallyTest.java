package dev.playgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ClientTallyTest {

	@TempDir
	Path dir;

	@BeforeEach
	void reset() {
		ClientTally.reset();
	}

	@Test
	void batchWithoutProblemItemsCountsNothingAndOneWithThemCountsEach() throws IOException {
		assertThat(ClientTally.itemProblems("batch", null)).isNull();
		assertThat(ClientTally.itemProblems("batch", List.of("UPSTREAM_BUSY", "VIDEO_NOT_FOUND", "UPSTREAM_BUSY")))
			.hasSize(3);
		assertThat(written()).contains("\"batch|problem|UPSTREAM_BUSY\": 2", "\"batch|problem|VIDEO_NOT_FOUND\": 1");
	}

	@Test
	void absentHeaderCountsNothing() throws IOException {
		assertThat(ClientTally.cache("play-auth", null)).isNull();
		assertThat(ClientTally.problem("play-auth", null)).isNull();
		assertThat(written()).contains("\"counts\": {}");
	}

	@Test
	void countsAreWrittenPerCallAndKind() throws IOException {
		ClientTally.cache("play-auth", "hit");
		ClientTally.cache("play-auth", "HIT ");
		ClientTally.status("play-info", 503);
		ClientTally.problem("play-info", "UPSTREAM_BUSY");
		assertThat(written()).contains("\"play-auth|xcache|HIT\": 2", "\"play-info|status|503\": 1",
				"\"play-info|problem|UPSTREAM_BUSY\": 1");
	}

	@Test
	void phasesAndKnobsAreWrittenAsJson() throws IOException {
		ClientTally.write(dir, "Sim", Map.of("note", "say \"hi\""),
				List.of(new Schedule.Phase("step 1", 0, 10, 5, 5, 50)), 1, 2);
		assertThat(Files.readString(dir.resolve("client.json")))
				.contains("\"note\": \"say \\\"hi\\\"\"", "{\"name\": \"step 1\", \"start\": 0, \"end\": 10");
	}

	private String written() throws IOException {
		ClientTally.write(dir, "Sim", Map.of(), List.of(), 1, 2);
		return Files.readString(dir.resolve("client.json"));
	}
}
