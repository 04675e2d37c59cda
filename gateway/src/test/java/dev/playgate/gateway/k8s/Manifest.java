package dev.playgate.gateway.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Navigation in parsed Kubernetes manifests: the maps and lists snakeyaml makes of them. */
final class Manifest {

	private static final Set<String> POD_TEMPLATES = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
			"Job");

	private Manifest() {
	}

	/** The value at a path of map keys, or {@code null} when any step is missing. */
	static Object at(Object root, String... keys) {
		Object current = root;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	/** The resource's kind. */
	static String kind(Map<String, Object> resource) {
		return (String) resource.get("kind");
	}

	/** The resource's name. */
	static String name(Map<String, Object> resource) {
		return (String) at(resource, "metadata", "name");
	}

	/** The pod spec of a workload, or {@code null} for anything that runs no pods. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> podSpec(Map<String, Object> resource) {
		if (POD_TEMPLATES.contains(kind(resource))) {
			return (Map<String, Object>) at(resource, "spec", "template", "spec");
		}
		if ("CronJob".equals(kind(resource))) {
			return (Map<String, Object>) at(resource, "spec", "jobTemplate", "spec", "template", "spec");
		}
		return null;
	}

	/** The labels of a workload's pods. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> podLabels(Map<String, Object> resource) {
		return (Map<String, Object>) at(resource, "spec", "template", "metadata", "labels");
	}

	/** Every container of a workload, init containers included; none for other resources. */
	static List<Map<String, Object>> containers(Map<String, Object> resource) {
		Map<String, Object> pod = podSpec(resource);
		List<Map<String, Object>> containers = new ArrayList<>();
		if (pod != null) {
			containers.addAll(Kustomization.maps(pod.get("initContainers")));
			containers.addAll(Kustomization.maps(pod.get("containers")));
		}
		return containers;
	}

	/** The one resource of that kind and name in a build. */
	static Map<String, Object> find(List<Map<String, Object>> build, String kind, String name) {
		return build.stream()
			.filter(resource -> kind.equals(kind(resource)) && name.equals(name(resource)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the build"));
	}

	/** The resources of one kind in a build. */
	static List<Map<String, Object>> all(List<Map<String, Object>> build, String kind) {
		return build.stream().filter(resource -> kind.equals(kind(resource))).toList();
	}

	/** The value of a container's plain {@code env} entry, or {@code null}. */
	static Object env(Map<String, Object> container, String name) {
		return Kustomization.maps(container.get("env"))
			.stream()
			.filter(entry -> name.equals(entry.get("name")))
			.findFirst()
			.map(entry -> entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"))
			.orElse(null);
	}

	/** The container port a probe's or service's port (number or name) designates. */
	static int port(Map<String, Object> container, Object port) {
		if (port instanceof Integer number) {
			return number;
		}
		return Kustomization.maps(container.get("ports"))
			.stream()
			.filter(candidate -> port.equals(candidate.get("name")))
			.map(candidate -> (Integer) candidate.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + port));
	}
}
