package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MainTest {

	@Test
	void printsOneReadyLineServesAndStopsOnSigterm(@TempDir Path directory) throws Exception {
		Path output = directory.resolve("stdout.txt");
		Process process = java("--port", "0", "--qps", "5", "--warmup-calls", "300").redirectOutput(output.toFile()).start();
		try {
			Pattern readyLine = Pattern.compile("vod-emulator ready on 127\\.0\\.0\\.1:(\\d+)\n");
			Matcher ready = Awaitility.await().atMost(Duration.ofSeconds(20))
					.until(() -> readyLine.matcher(Files.readString(output)), Matcher::matches);

			String faults = RawHttp.get("http://127.0.0.1:" + ready.group(1) + "/__admin/faults").body();
			assertThat(faults).contains("\"GetPlayInfo\":5");

			process.destroy();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
			assertThat(Files.readString(output)).as("nothing else printed").matches(readyLine);
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	void helpListsTheFlagsAndExits() throws Exception {
		Process process = java("--help").start();

		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.contains("--access-key-secret", "--latency-ms");
	}

	@Test
	void wrongFlagExitsWithStatusTwo() throws Exception {
		Process process = java("--bogus").start();

		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
				.contains("unknown flag: --bogus");
	}

	private static ProcessBuilder java(String... args) {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command);
	}
}
