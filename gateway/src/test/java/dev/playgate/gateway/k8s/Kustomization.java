package dev.playgate.gateway.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The kustomizations of k8s/ as the real tool renders them: {@code kubectl kustomize DIR} (kustomize v5, built into
 * kubectl), parsed into the maps and lists snakeyaml makes. A missing or too old kubectl fails the test with a message
 * that says what to install; nothing here re-implements kustomize. Also reads the files a kustomization names, so
 * the tests can check that every manifest is used and that the Secret template never is.
 */
final class Kustomization {

	/** The file that makes a directory a kustomization. */
	static final String FILE = "kustomization.yaml";

	private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v?(\\d+)\\.");

	private static final long RENDER_SECONDS = 60;

	private static final Map<Path, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

	private Kustomization() {
	}

	/** What {@code kubectl kustomize dir} renders, in its order (rendered once per directory and test JVM). */
	static List<Map<String, Object>> render(Path dir) {
		Path key = dir.toAbsolutePath().normalize();
		return RENDERED.computeIfAbsent(key, Kustomization::kubectlKustomize);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> kubectlKustomize(Path dir) {
		Output version = kubectl("version", "--client");
		Matcher major = KUSTOMIZE_VERSION.matcher(version.stdout());
		if (version.exitCode() != 0 || !major.find() || Integer.parseInt(major.group(1)) < 5) {
			throw new AssertionError("kubectl with kustomize v5 or later is needed to render " + dir
					+ " (`kubectl version --client` said: " + version.stdout().strip() + version.stderr().strip()
					+ "); install kubectl 1.27+ on PATH");
		}
		Output rendered = kubectl("kustomize", dir.toString());
		if (rendered.exitCode() != 0) {
			throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + rendered.exitCode() + "): "
					+ rendered.stderr().strip());
		}
		List<Map<String, Object>> resources = new ArrayList<>();
		for (Object doc : new Yaml().loadAll(rendered.stdout())) {
			if (doc != null) {
				resources.add((Map<String, Object>) doc);
			}
		}
		return List.copyOf(resources);
	}

	private record Output(int exitCode, String stdout, String stderr) {
	}

	private static Output kubectl(String... arguments) {
		List<String> command = new ArrayList<>(List.of("kubectl"));
		command.addAll(List.of(arguments));
		Process process;
		try {
			process = new ProcessBuilder(command).start();
		}
		catch (IOException ex) {
			throw new AssertionError("kubectl is not installed (or not on PATH): the manifest tests render every "
					+ "kustomization with `kubectl kustomize` (kustomize v5); install kubectl 1.27+ ("
					+ ex.getMessage() + ")", ex);
		}
		try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
			ByteArrayOutputStream stderr = new ByteArrayOutputStream();
			Thread drain = new Thread(() -> copy(err, stderr), "kubectl-stderr");
			drain.setDaemon(true);
			drain.start();
			String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(RENDER_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("kubectl " + String.join(" ", arguments) + " did not finish in "
						+ RENDER_SECONDS + " s");
			}
			drain.join();
			return new Output(process.exitValue(), stdout, stderr.toString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while running kubectl", ex);
		}
	}

	private static void copy(InputStream from, ByteArrayOutputStream to) {
		try {
			from.transferTo(to);
		}
		catch (IOException ignored) {
			// the process ended; what was read is enough for the message
		}
	}

	/** Every YAML document of a file; empty documents are skipped. */
	static List<Object> documents(Path file) {
		try {
			List<Object> docs = new ArrayList<>();
			for (Object doc : new Yaml().loadAll(Files.readString(file))) {
				if (doc != null) {
					docs.add(doc);
				}
			}
			return docs;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The kustomization file of a directory, as written. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> of(Path dir) {
		return (Map<String, Object>) documents(dir.resolve(FILE)).get(0);
	}

	/** The file a generator entry ({@code key=path} or {@code path}) reads. */
	static String generatedFile(String entry) {
		return entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
	}

	/** A YAML list of strings, or an empty list when absent. */
	@SuppressWarnings("unchecked")
	static List<String> strings(Object list) {
		return list == null ? List.of() : (List<String>) list;
	}

	/** A YAML list of maps, or an empty list when absent. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object list) {
		return list == null ? List.of() : (List<Map<String, Object>>) list;
	}
}
