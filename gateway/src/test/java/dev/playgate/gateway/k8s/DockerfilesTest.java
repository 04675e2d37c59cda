package dev.playgate.gateway.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the Dockerfiles without a container engine: every image a manifest names is built by one, and each is
 * multi-stage on a pinned Java 17 base passed as a build argument, runs as the non-root user the manifests expect,
 * starts in exec form with container-aware JVM flags, carries no secret, and copies the jar its module builds.
 */
final class DockerfilesTest {

	private static final Path ROOT = Path.of("..");

	/** The image each module's Dockerfile builds, as the manifests name it. */
	private static final Map<String, String> IMAGES = Map.of("playgate/gateway", "gateway",
			"playgate/vod-emulator", "vod-emulator", "playgate/loadtest", "loadtest");

	private static final Pattern PINNED = Pattern.compile("^[a-z0-9./-]+:[^:@]*\\d+\\.\\d+\\.\\d+[^:@]*(@sha256:[0-9a-f]{64})?$");

	private static final Pattern SECRET_NAME = Pattern.compile("(?i)(secret|password|passwd|token|access.?key|api.?key"
			+ "|auth.?key|private)");

	/** One instruction of a Dockerfile, continuation lines joined, comments dropped. */
	record Instruction(String keyword, String arguments) {
	}

	static List<Instruction> instructions(String text) {
		List<Instruction> out = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : text.split("\n")) {
			String trimmed = line.strip();
			if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed.substring(0, trimmed.length() - 1).strip()).append(" ");
				continue;
			}
			current.append(trimmed);
			String whole = current.toString().strip();
			current.setLength(0);
			int space = whole.indexOf(' ');
			out.add(new Instruction(whole.substring(0, space).toUpperCase(java.util.Locale.ROOT),
					whole.substring(space + 1).strip()));
		}
		return out;
	}

	private static List<Instruction> dockerfile(String module) throws IOException {
		return instructions(Files.readString(ROOT.resolve(module).resolve("Dockerfile")));
	}

	private static List<Instruction> of(List<Instruction> all, String keyword) {
		return all.stream().filter(i -> i.keyword().equals(keyword)).toList();
	}

	/** The instructions of the last stage (from its FROM on). */
	private static List<Instruction> finalStage(List<Instruction> all) {
		int last = 0;
		for (int i = 0; i < all.size(); i++) {
			if (all.get(i).keyword().equals("FROM")) {
				last = i;
			}
		}
		return all.subList(last, all.size());
	}

	/** The defaults of the ARGs declared before the first FROM (the ones a FROM may use). */
	private static Map<String, String> globalArgs(List<Instruction> all) {
		Map<String, String> args = new java.util.LinkedHashMap<>();
		for (Instruction instruction : all) {
			if (instruction.keyword().equals("FROM")) {
				break;
			}
			if (instruction.keyword().equals("ARG") && instruction.arguments().contains("=")) {
				String[] pair = instruction.arguments().split("=", 2);
				args.put(pair[0].strip(), pair[1].strip());
			}
		}
		return args;
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyImageTheManifestsNameHasItsDockerfile() {
		Set<String> named = new TreeSet<>();
		for (String dir : List.of("base", "redis", "overlays/loadtest", "overlays/production")) {
			for (Map<String, Object> resource : Kustomization.render(Path.of("..", "k8s", dir))) {
				Manifest.containers(resource).forEach(container -> {
					String image = (String) container.get("image");
					named.add(image.replaceAll(":[^/]*$", ""));
				});
			}
		}
		Set<String> ours = new TreeSet<>(named);
		ours.removeIf(image -> !image.startsWith("playgate/"));
		assertThat(ours).containsExactlyInAnyOrderElementsOf(IMAGES.keySet());
		IMAGES.values().forEach(module -> assertThat(ROOT.resolve(module).resolve("Dockerfile")).isRegularFile());
	}

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "vod-emulator", "loadtest" })
	void buildsInStagesOnAPinnedJava17BasePassedAsABuildArgument(String module) throws IOException {
		List<Instruction> all = dockerfile(module);
		List<Instruction> froms = of(all, "FROM");
		assertThat(froms).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
		Map<String, String> args = globalArgs(all);
		Set<String> stages = new TreeSet<>();
		for (Instruction from : froms) {
			String[] words = from.arguments().split("\\s+");
			String base = words[0];
			if (!stages.contains(base)) {
				Matcher variable = Pattern.compile("^\\$\\{([A-Z_]+)}$").matcher(base);
				assertThat(variable.matches()).as("%s: FROM %s takes its base from a build argument", module, base)
					.isTrue();
				String image = args.get(variable.group(1));
				assertThat(image).as("%s: default of ARG %s", module, variable.group(1)).isNotNull()
					.matches(PINNED).doesNotContain(":latest").contains("17");
			}
			if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
				stages.add(words[2]);
			}
		}
		String runtime = froms.get(froms.size() - 1).arguments();
		assertThat(args.get(runtime.replaceAll("[${}]", ""))).as("%s: the runtime base is a JRE 17", module)
			.contains("17").contains("jre");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "vod-emulator", "loadtest" })
	void runsAsTheNonRootUserTheManifestsExpect(String module) throws IOException {
		List<Instruction> users = of(finalStage(dockerfile(module)), "USER");
		assertThat(users).as("%s sets USER in its runtime stage", module).isNotEmpty();
		String user = users.get(users.size() - 1).arguments();
		assertThat(user).as("numeric, so that runAsNonRoot can check it").matches("\\d+(:\\d+)?");
		assertThat(Integer.parseInt(user.split(":")[0])).isNotZero().isEqualTo(10001);
	}

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "vod-emulator", "loadtest" })
	void startsInExecFormWithContainerAwareJvmFlags(String module) throws IOException {
		List<Instruction> entrypoints = of(finalStage(dockerfile(module)), "ENTRYPOINT");
		assertThat(entrypoints).hasSize(1);
		String entrypoint = entrypoints.get(0).arguments();
		assertThat(entrypoint).as("exec form: a JSON array, no shell in between").startsWith("[");
		List<String> argv = JsonMapper.builder().build().readValue(entrypoint, List.class);
		assertThat(argv.get(0)).isEqualTo("java");
		assertThat(argv).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
			.noneMatch(arg -> arg.startsWith("-Xmx"));
		assertThat(of(finalStage(dockerfile(module)), "CMD")).noneMatch(cmd -> !cmd.arguments().startsWith("["));
	}

	@Test
	void gatewayHeapUsesTransparentHugePages() throws IOException {
		String entrypoint = of(finalStage(dockerfile("gateway")), "ENTRYPOINT").get(0).arguments();

		assertThat(JsonMapper.builder().build().readValue(entrypoint, List.class))
			.contains("-XX:+UseTransparentHugePages");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "vod-emulator", "loadtest" })
	void carriesNoSecret(String module) throws IOException {
		String text = Files.readString(ROOT.resolve(module).resolve("Dockerfile"));
		assertThat(text).doesNotContainPattern("LTAI[A-Za-z0-9]{8,}").doesNotContainPattern("[A-Za-z0-9+/]{40,}");
		for (Instruction instruction : dockerfile(module)) {
			if (instruction.keyword().equals("ENV") || instruction.keyword().equals("ARG")) {
				String name = instruction.arguments().split("[=\\s]", 2)[0];
				assertThat(SECRET_NAME.matcher(name).find()).as("%s: %s %s", module, instruction.keyword(), name)
					.isFalse();
			}
			if (instruction.keyword().equals("COPY") || instruction.keyword().equals("ADD")) {
				assertThat(instruction.arguments()).as("%s copies no key material", module)
					.doesNotContainPattern("(?i)\\.env\\b|secret|\\.pem|\\.key\\b|id_rsa|\\.m2/settings");
			}
		}
		assertThat(ROOT.resolve(".dockerignore")).content().contains("**/target", ".git");
	}

	/** The jar each module's build writes, read from its pom. */
	private static String builtJar(String module) throws IOException {
		String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
		Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
		Matcher shaded = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+\\.jar)</outputFile>")
			.matcher(pom);
		return switch (module) {
			case "vod-emulator" -> shaded.find() ? shaded.group(1) : "(no shaded jar)";
			case "loadtest" -> (finalName.find() ? finalName.group(1) : "(no finalName)") + "-tests.jar";
			default -> (finalName.find() ? finalName.group(1) : "(no finalName)") + ".jar";
		};
	}

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "vod-emulator", "loadtest" })
	void copiesTheJarItsModuleBuilds(String module) throws IOException {
		String jar = module + "/target/" + builtJar(module);
		List<Instruction> all = dockerfile(module);
		assertThat(of(all, "RUN")).as("the build stage builds %s", module)
			.anySatisfy(run -> assertThat(run.arguments()).contains("mvn ").contains("-pl " + module));
		String used = String.join("\n", all.stream().map(Instruction::arguments).toList());
		assertThat(used).as("%s's Dockerfile uses %s", module, jar).contains(jar);
		assertThat(Pattern.compile("[a-z-]+/target/[A-Za-z0-9._-]+\\.jar").matcher(used).results()
			.map(match -> match.group()).toList()).as("and no other jar").containsOnly(jar);
	}

	@Test
	void gatewayImageIsSpringBootsLayeredJar() throws IOException {
		List<Instruction> all = dockerfile("gateway");
		assertThat(of(all, "RUN")).anySatisfy(run -> assertThat(run.arguments()).contains("-Djarmode=tools")
			.contains("extract --layers --launcher"));
		assertThat(of(finalStage(all), "COPY")).extracting(Instruction::arguments).containsExactly(
				"--from=build /layers/dependencies/ ./", "--from=build /layers/spring-boot-loader/ ./",
				"--from=build /layers/snapshot-dependencies/ ./", "--from=build /layers/application/ ./");
		assertThat(of(finalStage(all), "ENTRYPOINT").get(0).arguments())
			.contains("org.springframework.boot.loader.launch.JarLauncher");
		assertThat(Files.readString(ROOT.resolve("gateway/pom.xml"))).doesNotContainPattern(
				"<layers>\\s*<enabled>false");
	}

	@Test
	void instructionsJoinContinuationLinesAndSkipComments() {
		assertThat(instructions("# c\nFROM a AS b\nRUN one \\\n  two\n\nUSER 1\n")).containsExactly(
				new Instruction("FROM", "a AS b"), new Instruction("RUN", "one two"), new Instruction("USER", "1"));
	}
}
