package dev.playgate.gateway.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static dev.playgate.gateway.k8s.Manifest.all;
import static dev.playgate.gateway.k8s.Manifest.at;
import static dev.playgate.gateway.k8s.Manifest.containers;
import static dev.playgate.gateway.k8s.Manifest.find;
import static dev.playgate.gateway.k8s.Manifest.podLabels;
import static dev.playgate.gateway.k8s.Manifest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks k8s/ without a cluster: every manifest parses, every kustomization is complete, and what each kustomization
 * renders with the real tool ({@code kubectl kustomize}, see {@link Kustomization}) keeps the invariants of
 * DESIGN.md §6: probes on the management port, hardened and sized containers, graceful shutdown longer than Spring's,
 * autoscaler and disruption budget on the gateway's pods, a network policy, no real secret, an authenticated
 * production overlay, and dashboards and alerts that use only meters the code registers.
 */
final class KubernetesManifestsTest {

	private static final Path K8S = Path.of("..", "k8s");

	private static final Path MAIN_SOURCE = Path.of("src", "main", "java");

	private static final Path APPLICATION_YML = Path.of("src", "main", "resources", "application.yml");

	private static final Path SIMULATIONS = Path.of("..", "loadtest", "src", "test", "java");

	private static final String GATEWAY = "playgate";

	private static final Pattern PLACEHOLDER = Pattern.compile(
			"(?i)placeholder|replace|changeme|example|emulator|<[^>]+>");

	private static final Pattern KEY_LIKE = Pattern.compile("LTAI[A-Za-z0-9]{8,}|[A-Za-z0-9+/]{24,}");

	private static List<Path> files(String... suffixes) throws IOException {
		try (Stream<Path> walk = Files.walk(K8S)) {
			return walk.filter(file -> Stream.of(suffixes).anyMatch(file.toString()::endsWith)).sorted().toList();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> application() {
		return (Map<String, Object>) Kustomization.documents(APPLICATION_YML).get(0);
	}

	private static List<Map<String, Object>> build(String dir) {
		return Kustomization.render(K8S.resolve(dir));
	}

	private static Map<String, Object> gateway(List<Map<String, Object>> build) {
		return containers(find(build, "Deployment", GATEWAY)).stream()
			.filter(container -> "gateway".equals(container.get("name")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> config(List<Map<String, Object>> build) {
		return (Map<String, Object>) find(build, "ConfigMap", "playgate-config").get("data");
	}

	@SuppressWarnings("unchecked")
	private static boolean selects(Object selector, Map<String, Object> labels) {
		return selector instanceof Map<?, ?> match && !match.isEmpty()
				&& labels.entrySet().containsAll(((Map<String, Object>) match).entrySet());
	}

	/** Whether a Secret value could be a real credential: anything but empty or an obvious placeholder. */
	static boolean looksReal(String value) {
		return !value.isEmpty() && (KEY_LIKE.matcher(value).find() || !PLACEHOLDER.matcher(value).find());
	}

	@Test
	void everyManifestParsesAsKubernetesObjects() throws IOException {
		List<Path> yamls = files(".yaml", ".yml");
		for (Path file : yamls) {
			for (Object doc : Kustomization.documents(file)) {
				assertThat(doc).as(file.toString()).isInstanceOf(Map.class);
				assertThat(((Map<?, ?>) doc).get("apiVersion")).as("apiVersion of %s", file).isInstanceOf(String.class);
				assertThat(((Map<?, ?>) doc).get("kind")).as("kind of %s", file).isInstanceOf(String.class);
				if (!"Kustomization".equals(((Map<?, ?>) doc).get("kind"))) {
					assertThat(at(doc, "metadata", "name")).as("metadata.name in %s", file).isInstanceOf(String.class);
				}
			}
		}
		for (Path file : files(".json")) {
			assertThat(JsonMapper.builder().build().readTree(file.toFile()).isObject()).as(file.toString()).isTrue();
		}
		assertThat(yamls).hasSizeGreaterThan(20);
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyKustomizationListsOnlyFilesThatExist() throws IOException {
		for (Path file : files(Kustomization.FILE)) {
			Path dir = file.getParent();
			Map<String, Object> kustomization = Kustomization.of(dir);
			for (String resource : Kustomization.strings(kustomization.get("resources"))) {
				Path path = dir.resolve(resource);
				assertThat(Files.isRegularFile(path) || Files.isRegularFile(path.resolve(Kustomization.FILE)))
					.as("%s lists %s", file, resource).isTrue();
			}
			Kustomization.maps(kustomization.get("patches"))
				.stream()
				.filter(patch -> patch.containsKey("path"))
				.forEach(patch -> assertThat(dir.resolve((String) patch.get("path"))).as(file.toString())
					.isRegularFile());
			Stream.of("configMapGenerator", "secretGenerator")
				.flatMap(kind -> Kustomization.maps(kustomization.get(kind)).stream())
				.flatMap(generator -> Stream.concat(Kustomization.strings(generator.get("files")).stream(),
						Kustomization.strings(generator.get("envs")).stream()))
				.forEach(entry -> assertThat(dir.resolve(Kustomization.generatedFile(entry))).as(file.toString())
					.isRegularFile());
		}
	}

	/** The files a kustomization names: resources, patch files and generator files. */
	private static Set<String> referenced(Path dir) {
		Map<String, Object> kustomization = Kustomization.of(dir);
		Set<String> names = new TreeSet<>(Kustomization.strings(kustomization.get("resources")));
		Kustomization.maps(kustomization.get("patches"))
			.stream()
			.filter(patch -> patch.containsKey("path"))
			.forEach(patch -> names.add((String) patch.get("path")));
		Stream.of("configMapGenerator", "secretGenerator")
			.flatMap(kind -> Kustomization.maps(kustomization.get(kind)).stream())
			.forEach(generator -> Kustomization.strings(generator.get("files"))
				.forEach(entry -> names.add(Kustomization.generatedFile(entry))));
		return names;
	}

	@Test
	void everyManifestFileIsUsedByItsKustomization() throws IOException {
		for (Path file : files(".yaml", ".json")) {
			String name = file.getFileName().toString();
			if (!name.equals(Kustomization.FILE) && !name.endsWith(".template.yaml")) {
				assertThat(referenced(file.getParent())).as("named by the kustomization beside it").contains(name);
			}
		}
	}

	@Test
	void secretTemplateIsNeverApplied() throws IOException {
		for (Path file : files(Kustomization.FILE)) {
			assertThat(referenced(file.getParent())).as(file.toString()).noneMatch(name -> name.contains("template"));
		}
		assertThat(all(build("base"), "Secret")).isEmpty();
		assertThat(all(build("overlays/production"), "Secret")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void gatewayProbesUseTheManagementPortHealthGroups(String dir) {
		Map<String, Object> gateway = gateway(build(dir));
		int management = (Integer) at(application(), "management", "server", "port");
		assertThat(management).isEqualTo(8081);
		assertThat(Manifest.port(gateway, "http")).isEqualTo(at(application(), "server", "port")).isEqualTo(8080);
		Map<String, String> paths = Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe",
				"/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
		paths.forEach((probe, path) -> {
			assertThat(at(gateway, probe, "httpGet", "path")).as("%s in %s", probe, dir).isEqualTo(path);
			assertThat(Manifest.port(gateway, at(gateway, probe, "httpGet", "port"))).as(probe).isEqualTo(management);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "redis", "overlays/loadtest", "overlays/production" })
	void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutPrivileges(String dir) {
		List<Map<String, Object>> workloads = build(dir).stream()
			.filter(resource -> podSpec(resource) != null)
			.toList();
		assertThat(workloads).isNotEmpty();
		for (Map<String, Object> workload : workloads) {
			Object pod = podSpec(workload).get("securityContext");
			assertThat(at(pod, "seccompProfile", "type")).as("seccomp of %s", Manifest.name(workload))
				.isEqualTo("RuntimeDefault");
			assertThat(at(pod, "runAsUser")).as("pod user of %s", Manifest.name(workload)).isNotEqualTo(0);
			for (Map<String, Object> container : containers(workload)) {
				Object context = container.get("securityContext");
				String which = Manifest.name(workload) + "/" + container.get("name");
				Object nonRoot = at(context, "runAsNonRoot") != null ? at(context, "runAsNonRoot")
						: at(pod, "runAsNonRoot");
				assertThat(nonRoot).as("runAsNonRoot of %s", which).isEqualTo(true);
				assertThat(at(context, "readOnlyRootFilesystem")).as("read-only root of %s", which).isEqualTo(true);
				assertThat(at(context, "allowPrivilegeEscalation")).as("escalation of %s", which).isEqualTo(false);
				assertThat(Kustomization.strings(at(context, "capabilities", "drop"))).as("caps of %s", which)
					.contains("ALL");
				assertThat(at(context, "runAsUser")).as("user of %s", which).isNotEqualTo(0);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "redis", "overlays/loadtest", "overlays/production" })
	void everyContainerHasResourceRequestsAndLimits(String dir) {
		for (Map<String, Object> workload : build(dir)) {
			for (Map<String, Object> container : containers(workload)) {
				for (String bound : List.of("requests", "limits")) {
					for (String resource : List.of("cpu", "memory")) {
						assertThat(at(container, "resources", bound, resource))
							.as("%s.%s of %s/%s", bound, resource, Manifest.name(workload), container.get("name"))
							.isNotNull();
					}
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void gatewayHeapIsSizedFromAMemoryLimitItIsGuaranteed(String dir) {
		Map<String, Object> gateway = gateway(build(dir));
		assertThat((String) Manifest.env(gateway, "JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
		assertThat(at(gateway, "resources", "requests", "memory"))
			.isEqualTo(at(gateway, "resources", "limits", "memory"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void terminationGraceCoversPreStopAndSpringShutdownPhase(String dir) {
		List<Map<String, Object>> build = build(dir);
		Duration phase = DurationStyle.detectAndParse((String) at(application(), "spring", "lifecycle",
				"timeout-per-shutdown-phase"));
		Integer preStop = (Integer) at(gateway(build), "lifecycle", "preStop", "sleep", "seconds");
		Integer grace = (Integer) podSpec(find(build, "Deployment", GATEWAY)).get("terminationGracePeriodSeconds");
		assertThat(phase).isEqualTo(Duration.ofSeconds(20));
		assertThat(preStop).isPositive();
		assertThat(grace).isGreaterThan(20).isGreaterThan(preStop + (int) phase.toSeconds());
	}

	@Test
	void secretsCarryNoRealLookingValue() throws IOException {
		List<String> values = new ArrayList<>();
		for (Path file : files(".yaml")) {
			for (Object doc : Kustomization.documents(file)) {
				if ("Secret".equals(((Map<?, ?>) doc).get("kind"))) {
					Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) doc).get("data");
					Map<?, ?> stringData = (Map<?, ?>) ((Map<?, ?>) doc).get("stringData");
					if (data != null) {
						data.values().forEach(value -> values.add(
								new String(Base64.getDecoder().decode(String.valueOf(value)), StandardCharsets.UTF_8)));
					}
					if (stringData != null) {
						stringData.values().forEach(value -> values.add(String.valueOf(value)));
					}
				}
			}
			if (file.endsWith(Kustomization.FILE)) {
				Kustomization.maps(Kustomization.of(file.getParent()).get("secretGenerator")).forEach(generator ->
						Kustomization.strings(generator.get("literals")).forEach(literal ->
								values.add(literal.substring(literal.indexOf('=') + 1))));
			}
		}
		assertThat(values).isNotEmpty().allSatisfy(value -> assertThat(looksReal(value)).as(value).isFalse());
	}

	@Test
	void realLookingSecretValuesAreRecognised() {
		assertThat(looksReal("LTAI5tQwErTyUiOpAsDfGhJk")).isTrue();
		assertThat(looksReal("emulator-" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wXy")).isTrue();
		assertThat(looksReal("hunter2")).isTrue();
		assertThat(looksReal("rediss://default:s3cret@r-bp1.redis.rds.aliyuncs.com:6379")).isTrue();
		assertThat(looksReal("")).isFalse();
		assertThat(looksReal("emulator-access-key-secret")).isFalse();
		assertThat(looksReal("<your-access-key-id>")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void autoscalerDisruptionBudgetAndServiceSelectTheGatewayPods(String dir) {
		List<Map<String, Object>> build = build(dir);
		Map<String, Object> deployment = find(build, "Deployment", GATEWAY);
		Map<String, Object> pods = podLabels(deployment);
		Object selector = at(deployment, "spec", "selector", "matchLabels");
		assertThat(selects(selector, pods)).isTrue();
		Map<String, Object> hpa = find(build, "HorizontalPodAutoscaler", GATEWAY);
		assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
		assertThat((Map<?, ?>) at(hpa, "spec", "scaleTargetRef"))
			.isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", GATEWAY));
		assertThat(Kustomization.maps(at(hpa, "spec", "metrics"))).anySatisfy(
				metric -> assertThat(at(metric, "resource", "name")).isEqualTo("cpu"));
		assertThat((Integer) at(hpa, "spec", "minReplicas")).isGreaterThanOrEqualTo(2)
			.isLessThanOrEqualTo((Integer) at(hpa, "spec", "maxReplicas"));
		assertThat(at(deployment, "spec", "replicas")).as("the HPA owns the replica count").isNull();
		Map<String, Object> pdb = find(build, "PodDisruptionBudget", GATEWAY);
		assertThat(at(pdb, "spec", "selector", "matchLabels")).isEqualTo(selector);
		Map<String, Object> service = find(build, "Service", GATEWAY);
		assertThat(selects(at(service, "spec", "selector"), pods)).isTrue();
		assertThat(Kustomization.maps(at(service, "spec", "ports"))).extracting(port -> port.get("port"))
			.containsExactlyInAnyOrder(8080, 8081);
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void failOpenShareKeepsTheWholeFleetWithinTheBudget(String dir) {
		List<Map<String, Object>> build = build(dir);
		int expected = Integer.parseInt((String) config(build).get("PLAYGATE_REDIS_BUDGET_EXPECTED_REPLICAS"));
		assertThat(expected).isGreaterThanOrEqualTo((Integer) at(find(build, "HorizontalPodAutoscaler", GATEWAY),
				"spec", "maxReplicas"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void networkPolicyOpensManagementToMonitoringOnlyAndEgressToDnsRedisAndHttps(String dir) {
		List<Map<String, Object>> build = build(dir);
		Map<String, Object> pods = podLabels(find(build, "Deployment", GATEWAY));
		Map<String, Object> policy = all(build, "NetworkPolicy").stream()
			.filter(candidate -> selects(at(candidate, "spec", "podSelector", "matchLabels"), pods))
			.findFirst()
			.orElseThrow();
		assertThat(Kustomization.strings(at(policy, "spec", "policyTypes"))).contains("Ingress", "Egress");
		List<Map<String, Object>> ingress = Kustomization.maps(at(policy, "spec", "ingress"));
		assertThat(ingress).allSatisfy(rule -> assertThat(rule.get("ports")).as("a rule without ports opens all")
			.isNotNull());
		assertThat(ingress).anySatisfy(rule -> assertThat(ports(rule)).contains(8080));
		for (Map<String, Object> rule : ingress.stream().filter(rule -> ports(rule).contains(8081)).toList()) {
			assertThat(Kustomization.maps(rule.get("from"))).isNotEmpty().allSatisfy(peer -> assertThat(peer)
				.isEqualTo(Map.of("namespaceSelector", Map.of("matchLabels",
						Map.of("kubernetes.io/metadata.name", "monitoring")))));
		}
		Set<Integer> egress = new HashSet<>();
		Kustomization.maps(at(policy, "spec", "egress")).forEach(rule -> egress.addAll(ports(rule)));
		assertThat(egress).contains(53, 6379, 443);
	}

	private static List<Integer> ports(Map<String, Object> rule) {
		return Kustomization.maps(rule.get("ports")).stream().map(port -> (Integer) port.get("port")).toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/loadtest", "overlays/production" })
	void serviceAccountIsReadyForRrsa(String dir) {
		List<Map<String, Object>> build = build(dir);
		String account = (String) podSpec(find(build, "Deployment", GATEWAY)).get("serviceAccountName");
		assertThat(at(find(build, "ServiceAccount", account), "metadata", "annotations",
				"pod-identity.alibabacloud.com/role-name")).asString().isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "redis", "overlays/loadtest", "overlays/production", "monitoring" })
	void noResourceIsDefinedTwice(String dir) {
		List<String> ids = build(dir).stream().map(resource -> Manifest.kind(resource) + "/" + Manifest.name(resource))
			.toList();
		assertThat(ids).doesNotHaveDuplicates();
	}

	@Test
	@SuppressWarnings("unchecked")
	void loadtestPointsTheGatewayAtTheEmulatorOverHttp() {
		List<Map<String, Object>> build = build("overlays/loadtest");
		assertThat(config(build)).containsEntry("PLAYGATE_VOD_PROTOCOL", "http")
			.containsEntry("PLAYGATE_VOD_ENDPOINT", "vod-emulator:18080");
		assertThat(Kustomization.maps(at(find(build, "Service", "vod-emulator"), "spec", "ports")))
			.extracting(port -> port.get("port")).containsExactly(18080);
		Map<String, Object> emulator = find(build, "Deployment", "vod-emulator");
		assertThat(at(emulator, "spec", "replicas")).as("one emulator is one account's quota").isEqualTo(1);
		Map<String, Object> container = containers(emulator).get(0);
		assertThat(container.get("image")).isEqualTo("playgate/vod-emulator:0.1.0");
		assertThat(String.join(" ", Kustomization.strings(container.get("args")))).contains("--host 0.0.0.0",
				"--port 18080", "--qps 360", "--access-key-id $(PLAYGATE_VOD_ACCESS_KEY_ID)",
				"--access-key-secret $(PLAYGATE_VOD_ACCESS_KEY_SECRET)");
		Map<String, Object> secret = find(build, "Secret", "playgate-secrets");
		for (String key : List.of("PLAYGATE_VOD_ACCESS_KEY_ID", "PLAYGATE_VOD_ACCESS_KEY_SECRET")) {
			assertThat(Manifest.env(container, key)).isEqualTo(
					Map.of("secretKeyRef", Map.of("name", "playgate-secrets", "key", key)));
			assertThat((Map<String, Object>) secret.get("data")).containsKey(key);
		}
		assertThat(Kustomization.maps(at(gateway(build), "envFrom"))).anySatisfy(
				source -> assertThat(at(source, "secretRef", "name")).isEqualTo("playgate-secrets"));
		assertThat(Kustomization.maps(at(find(build, "NetworkPolicy", GATEWAY), "spec", "egress")))
			.anySatisfy(rule -> assertThat(ports(rule)).containsExactly(18080));
	}

	@Test
	void loadtestGatlingJobIsBoundedAndTargetsTheGatewayService() {
		List<Map<String, Object>> build = build("overlays/loadtest");
		Map<String, Object> job = find(build, "Job", "playgate-gatling");
		Map<String, Object> gatling = Kustomization.maps(podSpec(job).get("containers")).get(0);
		List<String> args = Kustomization.strings(gatling.get("args"));
		assertThat(gatling.get("command")).as("the image's entrypoint runs Gatling").isNull();
		assertThat(args).hasSize(2).first().isEqualTo("--simulation");
		List<String> knobs = List.of(((String) Manifest.env(gatling, "JDK_JAVA_OPTIONS")).split("\\s+"));
		assertThat(knobs).contains("-DbaseUrls=http://" + GATEWAY + ":8080");
		String simulation = args.get(1);
		assertThat(SIMULATIONS.resolve(simulation.replace('.', '/') + ".java")).isRegularFile();
		int seconds = Integer.parseInt(knob(knobs, "duration")) + Integer.parseInt(knob(knobs, "ramp"))
				+ Integer.parseInt(knob(knobs, "grace"));
		assertThat(at(job, "spec", "backoffLimit")).isEqualTo(0);
		assertThat((Integer) at(job, "spec", "activeDeadlineSeconds")).isGreaterThan(seconds).isLessThanOrEqualTo(3600);
		assertThat(podSpec(job).get("restartPolicy")).isEqualTo("Never");
	}

	private static String knob(List<String> args, String name) {
		return args.stream()
			.filter(arg -> arg.startsWith("-D" + name + "="))
			.map(arg -> arg.substring(arg.indexOf('=') + 1))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no -D" + name));
	}

	/** The Secret keys the template documents: what an operator is told to create. */
	@SuppressWarnings("unchecked")
	private static Set<String> templateSecretKeys() {
		Map<String, Object> template = (Map<String, Object>) Kustomization
			.documents(K8S.resolve("base/secret.template.yaml"))
			.get(0);
		return ((Map<String, Object>) template.get("stringData")).keySet();
	}

	/**
	 * The environment the gateway container of a build starts with: the ConfigMap, then the Secret (every key the
	 * template lists, with {@code secretValue} of its name), then {@code env}, later ones winning, as the kubelet
	 * does it.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> effectiveEnvironment(List<Map<String, Object>> build) {
		Map<String, Object> environment = new TreeMap<>(config(build));
		environment.values().removeIf(Objects::isNull);
		templateSecretKeys().forEach(key -> environment.put(key, "secret:" + key));
		for (Map<String, Object> entry : Kustomization.maps(gateway(build).get("env"))) {
			Object reference = at(entry, "valueFrom", "secretKeyRef", "key");
			environment.put((String) entry.get("name"),
					reference != null ? "secret:" + reference : String.valueOf(entry.get("value")));
		}
		return environment;
	}

	@Test
	void productionAuthenticatesCallersAndVodCallbacksWithKeysFromTheSecret() {
		List<Map<String, Object>> build = build("overlays/production");
		Map<String, Object> environment = effectiveEnvironment(build);
		assertThat(environment.get("PLAYGATE_SECURITY_MODE")).as("the effective security mode").isIn("api-key", "jwt");
		assertThat(config(build).get("PLAYGATE_SECURITY_MODE")).as("the ConfigMap never says none")
			.isNotEqualTo("none");
		Map<String, Object> gateway = gateway(build);
		for (String key : List.of("PLAYGATE_SECURITY_APIKEYS_0_ID", "PLAYGATE_SECURITY_APIKEYS_0_SHA256",
				"PLAYGATE_EVENTS_AUTHKEY")) {
			assertThat(Manifest.env(gateway, key)).as("%s is required from the Secret", key)
				.isEqualTo(Map.of("secretKeyRef", Map.of("name", "playgate-secrets", "key", key)));
		}
		assertThat(String.valueOf(environment.get("PLAYGATE_EVENTS_CALLBACK_URL")))
			.as("the callback URL VOD signs, without which a gateway given the callback key does not start")
			.startsWith("https://")
			.endsWith("/v1/vod/events");
		for (String key : List.of("PLAYGATE_EVENTS_PREVIOUSAUTHKEY", "PLAYGATE_PLAYINFO_URLSIGNING_KEY")) {
			assertThat(Manifest.env(gateway, key)).as("%s is optional, from the Secret", key).isEqualTo(
					Map.of("secretKeyRef", Map.of("name", "playgate-secrets", "key", key, "optional", true)));
		}
		Kustomization.maps(gateway.get("env"))
			.stream()
			.map(entry -> (String) at(entry, "valueFrom", "secretKeyRef", "key"))
			.filter(Objects::nonNull)
			.forEach(key -> assertThat(templateSecretKeys()).as("the template documents %s", key).contains(key));
	}

	@Test
	void productionEnvironmentNamesBindToTheDocumentedKeys() {
		Map<String, Object> environment = effectiveEnvironment(build("overlays/production"));
		environment.put("PLAYGATE_SECURITY_APIKEYS_0_SHA256", "a".repeat(64));
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", environment));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		SecurityProperties security = binder.bind("playgate.security", Bindable.of(SecurityProperties.class)).get();
		assertThat(security.mode()).isEqualTo(SecurityProperties.Mode.API_KEY);
		assertThat(security.apiKeys()).extracting(SecurityProperties.ApiKey::id)
			.containsExactly("secret:PLAYGATE_SECURITY_APIKEYS_0_ID");
		Map<String, String> keys = Map.of("playgate.events.auth-key", "PLAYGATE_EVENTS_AUTHKEY",
				"playgate.events.previous-auth-key", "PLAYGATE_EVENTS_PREVIOUSAUTHKEY",
				"playgate.play-info.url-signing.key", "PLAYGATE_PLAYINFO_URLSIGNING_KEY", "playgate.redis.url",
				"PLAYGATE_REDIS_URL", "playgate.redis.budget.expected-replicas",
				"PLAYGATE_REDIS_BUDGET_EXPECTED_REPLICAS");
		keys.forEach((property, variable) -> assertThat(binder.bind(property, String.class).orElse(null))
			.as("%s from %s", property, variable)
			.isEqualTo(String.valueOf(environment.get(variable))));
	}

	@Test
	void productionOpensTheApiPortOnlyToTheIngressController() {
		List<Map<String, Object>> build = build("overlays/production");
		Map<String, Object> policy = find(build, "NetworkPolicy", GATEWAY);
		Map<String, Object> ingressController = Map.of("namespaceSelector",
				Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "kube-system")), "podSelector",
				Map.of("matchLabels", Map.of("app", "ingress-nginx")));
		List<Map<String, Object>> rules = Kustomization.maps(at(policy, "spec", "ingress"));
		assertThat(rules).allSatisfy(rule -> assertThat(Kustomization.maps(rule.get("from")))
			.as("a rule without peers admits everyone").isNotEmpty());
		assertThat(rules).filteredOn(rule -> ports(rule).contains(8080))
			.isNotEmpty()
			.allSatisfy(rule -> assertThat(Kustomization.maps(rule.get("from"))).containsExactly(ingressController));
		assertThat(rules).flatExtracting(KubernetesManifestsTest::ports).containsOnly(8080, 8081);
	}

	@Test
	void productionEnforcesHttpsRrsaAndASharedRedis() {
		List<Map<String, Object>> build = build("overlays/production");
		Map<String, Object> gateway = gateway(build);
		assertThat(config(build)).containsEntry("PLAYGATE_VOD_PROTOCOL", "https")
			.containsEntry("PLAYGATE_VOD_ENDPOINT", "")
			.doesNotContainKey("PLAYGATE_REDIS_URL");
		assertThat(Manifest.env(gateway, "PLAYGATE_VOD_PROTOCOL")).as("env wins over ConfigMap and Secret")
			.isEqualTo("https");
		assertThat(Manifest.env(gateway, "PLAYGATE_REDIS_URL")).isEqualTo(
				Map.of("secretKeyRef", Map.of("name", "playgate-secrets", "key", "PLAYGATE_REDIS_URL")));
		assertThat(Kustomization.maps(gateway.get("envFrom"))).noneSatisfy(
				source -> assertThat(at(source, "secretRef", "optional")).isEqualTo(true));
		assertThat(all(build, "Deployment")).extracting(Manifest::name).containsExactly(GATEWAY);
		assertThat(at(find(build, "Namespace", "playgate"), "metadata", "labels",
				"pod-identity.alibabacloud.com/injection")).isEqualTo("on");
	}

	@Test
	void serviceMonitorScrapesPrometheusOnTheManagementPort() {
		Map<String, Object> monitor = find(build("monitoring"), "ServiceMonitor", GATEWAY);
		Map<String, Object> service = find(build("base"), "Service", GATEWAY);
		Map<String, Object> endpoint = Kustomization.maps(at(monitor, "spec", "endpoints")).get(0);
		assertThat(endpoint).containsEntry("path", "/actuator/prometheus");
		assertThat(Kustomization.maps(at(service, "spec", "ports"))).anySatisfy(port -> assertThat(port)
			.containsEntry("name", endpoint.get("port")).containsEntry("port", 8081));
		@SuppressWarnings("unchecked")
		Map<String, Object> labels = (Map<String, Object>) at(service, "metadata", "labels");
		assertThat(selects(at(monitor, "spec", "selector", "matchLabels"), labels)).isTrue();
	}

	@Test
	void meterCatalogueMatchesTheCode() {
		assertThat(Meters.builtInSource(MAIN_SOURCE)).isNotEmpty().allSatisfy((name, type) -> assertThat(
				Meters.CATALOGUE.get(name)).as("catalogued type of %s", name).isEqualTo(type));
		assertThat(Meters.CATALOGUE.keySet()).allSatisfy(
				name -> assertThat(Meters.isLiteralInSource(MAIN_SOURCE, name)).as("%s in the code", name).isTrue());
	}

	private static Monitoring monitoring() {
		return Monitoring.in(K8S.resolve("monitoring"));
	}

	@Test
	void dashboardAndRulesUseOnlySeriesTheGatewayExposes() {
		List<String> queries = monitoring().allQueries();
		assertThat(Monitoring.series(queries)).isNotEmpty().isSubsetOf(Meters.allSeries());
		assertThat(queries).allSatisfy(query -> assertThat(Monitoring.readsSeries(query) || query.startsWith("vector("))
			.as(query)
			.isTrue());
	}

	@Test
	void dashboardShowsTrafficCacheEffectUpstreamAndDegradation() {
		assertThat(Monitoring.series(monitoring().dashboardQueries())).contains("playgate_requests_total",
				"playgate_upstream_calls_total", "playgate_budget_cluster_rate",
				"playgate_upstream_latency_seconds_bucket", "playgate_credential_remaining_validity_seconds_bucket",
				"playgate_redis_fail_open_total",
				"resilience4j_circuitbreaker_state");
	}

	@Test
	void rulesAlertOnQuotaThrottlingBreakerRedisBusyAndValidity() {
		Map<String, Map<String, Object>> alerts = monitoring().alerts();
		assertThat(alerts).containsKeys("PlaygateUpstreamNearQuota", "PlaygateUpstreamThrottled",
				"PlaygateCircuitBreakerOpen", "PlaygateRedisFailOpen", "PlaygateUpstreamBusyHigh",
				"PlaygateLowRemainingValidity");
		assertThat(alerts.values()).allSatisfy(alert -> {
			assertThat(at(alert, "labels", "severity")).isIn("warning", "critical");
			assertThat(at(alert, "annotations", "summary")).asString().isNotBlank();
		});
		assertThat((String) alerts.get("PlaygateUpstreamNearQuota").get("expr")).matches(".*> *3[0-5][0-9]\\s*");
	}

	@Test
	void operatingGuideSaysWhatEveryAlertMeans() throws IOException {
		String guide = Files.readString(Path.of("..", "docs", "operating.md"));
		assertThat(monitoring().alerts().keySet()).isNotEmpty()
			.allSatisfy(alert -> assertThat(guide).as("docs/operating.md explains %s", alert).contains("`" + alert + "`"));
	}

	@Test
	void outcomesInQueriesAreOutcomesTheCodeCounts() throws IOException {
		Set<String> requests = new TreeSet<>();
		Stream.of(ProblemCode.values()).forEach(code -> requests.add(code.name().toLowerCase(Locale.ROOT)));
		Stream.of(CacheStatus.values()).forEach(status -> requests.add(status.name().toLowerCase(Locale.ROOT)));
		Set<String> upstream = new TreeSet<>();
		Matcher constant = Pattern.compile("(?m)^\\t([A-Z_]+)[,;]").matcher(
				Files.readString(MAIN_SOURCE.resolve("dev/playgate/gateway/upstream/CallOutcome.java")));
		constant.results().forEach(match -> upstream.add(match.group(1).toLowerCase(Locale.ROOT)));
		for (String query : monitoring().allQueries()) {
			assertThat(requests).as(query).containsAll(Monitoring.outcomes(query, "playgate_requests_total"));
			assertThat(upstream).as(query).containsAll(Monitoring.outcomes(query, "playgate_upstream_calls_total"));
		}
		assertThat(upstream).contains("throttled", "misconfigured");
	}

	@Test
	void bucketsUsedByQueriesAreOnesTheConfigMapEnables() {
		Map<String, Object> config = config(build("base"));
		Pattern bucket = Pattern.compile("\\b([a-z0-9_]+_bucket)(\\{[^}]*})?");
		for (String query : monitoring().allQueries()) {
			Matcher use = bucket.matcher(query);
			while (use.find()) {
				String meter = Meters.meterOfBucket(use.group(1));
				Object boundaries = config.get("MANAGEMENT_METRICS_DISTRIBUTION_SLO_"
						+ meter.toUpperCase(Locale.ROOT).replace('.', '_'));
				assertThat(boundaries).as("SLO buckets of %s", meter).isNotNull();
				Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(use.group(2) == null ? "" : use.group(2));
				while (le.find()) {
					assertThat(Monitoring.sloSeconds(String.valueOf(boundaries))).as("le in %s", query)
						.contains(Double.parseDouble(le.group(1)));
				}
			}
		}
	}
}
