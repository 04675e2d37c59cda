package dev.playgate.gateway.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;

/**
 * A small, offline stand-in for {@code kustomize build} (kubectl is not available to the tests): it renders the
 * subset of kustomize that k8s/ uses, so that the invariants are checked on what each overlay really deploys, patches
 * applied. Supported: {@code resources} (files and directories), {@code namespace}, {@code labels} (metadata only),
 * {@code images} (new tag or name), {@code secretGenerator} / {@code configMapGenerator} (literals and files, without
 * name hash: the kustomizations disable it), and {@code patches} as strategic merge (maps merged, lists of named items
 * merged by name, other lists replaced, {@code null} deletes) or JSON 6902 ({@code add}, {@code replace},
 * {@code remove}).
 */
final class Kustomize {

	/** The file that makes a directory a kustomization. */
	static final String FILE = "kustomization.yaml";

	private Kustomize() {
	}

	/** Every YAML document of a file; empty documents are skipped. */
	@SuppressWarnings("unchecked")
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

	/** The kustomization of a directory. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> kustomization(Path dir) {
		return (Map<String, Object>) documents(dir.resolve(FILE)).get(0);
	}

	/** The resources the kustomization in {@code dir} renders, in order. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> build(Path dir) {
		Map<String, Object> kustomization = kustomization(dir);
		List<Map<String, Object>> out = new ArrayList<>();
		for (String resource : strings(kustomization.get("resources"))) {
			Path path = dir.resolve(resource).normalize();
			if (Files.isDirectory(path)) {
				out.addAll(build(path));
			}
			else {
				documents(path).forEach(doc -> out.add((Map<String, Object>) doc));
			}
		}
		out.addAll(generated(dir, kustomization));
		for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
			applyPatch(dir, patch, out);
		}
		Object namespace = kustomization.get("namespace");
		for (Map<String, Object> resource : out) {
			Map<String, Object> metadata = Manifest.map(resource, "metadata");
			if (namespace != null && !"Namespace".equals(resource.get("kind"))) {
				metadata.put("namespace", namespace);
			}
			for (Map<String, Object> label : maps(kustomization.get("labels"))) {
				Map<String, Object> labels = (Map<String, Object>) metadata.computeIfAbsent("labels",
						key -> new LinkedHashMap<>());
				labels.putAll((Map<String, Object>) label.get("pairs"));
			}
		}
		for (Map<String, Object> image : maps(kustomization.get("images"))) {
			out.forEach(resource -> Manifest.containers(resource).forEach(container -> retag(container, image)));
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static void applyPatch(Path dir, Map<String, Object> patch, List<Map<String, Object>> resources) {
		Map<String, Object> target = (Map<String, Object>) patch.get("target");
		Object inline = patch.containsKey("path") ? null : new Yaml().load((String) patch.get("patch"));
		List<Object> bodies = inline == null ? documents(dir.resolve((String) patch.get("path"))) : List.of(inline);
		for (Object body : bodies) {
			Map<String, Object> selector = target != null ? target : (Map<String, Object>) body;
			for (int i = 0; i < resources.size(); i++) {
				if (selects(selector, resources.get(i))) {
					Object patched = body instanceof List<?> ops ? applyOperations(resources.get(i), (List<Object>) ops)
							: merge(resources.get(i), body);
					resources.set(i, (Map<String, Object>) patched);
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> generated(Path dir, Map<String, Object> kustomization) {
		List<Map<String, Object>> out = new ArrayList<>();
		for (Map<String, Object> generator : maps(kustomization.get("secretGenerator"))) {
			Map<String, Object> secret = generatedResource("Secret", generator);
			secret.put("type", generator.getOrDefault("type", "Opaque"));
			secret.put("stringData", generatedData(dir, generator));
			out.add(secret);
		}
		for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
			Map<String, Object> configMap = generatedResource("ConfigMap", generator);
			configMap.put("data", generatedData(dir, generator));
			out.add(configMap);
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> generatedResource(String kind, Map<String, Object> generator) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", generator.get("name"));
		Map<String, Object> options = (Map<String, Object>) generator.getOrDefault("options", Map.of());
		metadata.put("labels", new LinkedHashMap<>((Map<String, Object>) options.getOrDefault("labels", Map.of())));
		Map<String, Object> resource = new LinkedHashMap<>();
		resource.put("apiVersion", "v1");
		resource.put("kind", kind);
		resource.put("metadata", metadata);
		return resource;
	}

	private static Map<String, Object> generatedData(Path dir, Map<String, Object> generator) {
		Map<String, Object> data = new LinkedHashMap<>();
		for (String literal : strings(generator.get("literals"))) {
			data.put(literal.substring(0, literal.indexOf('=')), literal.substring(literal.indexOf('=') + 1));
		}
		for (String file : strings(generator.get("files"))) {
			String key = file.contains("=") ? file.substring(0, file.indexOf('='))
					: Path.of(file).getFileName().toString();
			try {
				data.put(key, Files.readString(dir.resolve(generatedFile(file))));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return data;
	}

	/** The path part of a generator's {@code files} entry ({@code key=path} or {@code path}). */
	static String generatedFile(String entry) {
		return entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
	}

	/** JSON 6902 operations on a copy of {@code resource}: add (with {@code -} to append), replace and remove. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> applyOperations(Map<String, Object> resource, List<Object> operations) {
		Map<String, Object> copy = (Map<String, Object>) deepCopy(resource);
		for (Object raw : operations) {
			Map<String, Object> operation = (Map<String, Object>) raw;
			String[] path = ((String) operation.get("path")).substring(1).split("/");
			Object parent = copy;
			for (int i = 0; i < path.length - 1; i++) {
				parent = parent instanceof List<?> list ? list.get(Integer.parseInt(path[i]))
						: ((Map<String, Object>) parent).get(path[i]);
			}
			String last = path[path.length - 1];
			String op = (String) operation.get("op");
			if (parent instanceof List<?> list) {
				List<Object> items = (List<Object>) list;
				int at = last.equals("-") ? items.size() : Integer.parseInt(last);
				switch (op) {
					case "add" -> items.add(at, operation.get("value"));
					case "replace" -> items.set(at, operation.get("value"));
					case "remove" -> items.remove(at);
					default -> throw new IllegalArgumentException("unsupported JSON 6902 op: " + op);
				}
			}
			else if (op.equals("remove")) {
				((Map<String, Object>) parent).remove(last);
			}
			else {
				((Map<String, Object>) parent).put(last, operation.get("value"));
			}
		}
		return copy;
	}

	private static Object deepCopy(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(key, deepCopy(item)));
			return copy;
		}
		if (value instanceof List<?> list) {
			return new ArrayList<>(list.stream().map(Kustomize::deepCopy).toList());
		}
		return value;
	}

	private static boolean selects(Map<String, Object> selector, Map<String, Object> resource) {
		Object name = selector.containsKey("metadata") ? Manifest.map(selector, "metadata").get("name")
				: selector.get("name");
		return Objects.equals(selector.get("kind"), resource.get("kind"))
				&& Objects.equals(name, Manifest.map(resource, "metadata").get("name"));
	}

	/** Strategic merge of {@code patch} into {@code base}, as kustomize does it for the fields k8s/ patches. */
	@SuppressWarnings("unchecked")
	static Object merge(Object base, Object patch) {
		if (base instanceof Map<?, ?> baseMap && patch instanceof Map<?, ?> patchMap) {
			Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) baseMap);
			((Map<String, Object>) patchMap).forEach((key, value) -> {
				if (value == null) {
					merged.remove(key);
				}
				else {
					merged.put(key, merge(merged.get(key), value));
				}
			});
			return merged;
		}
		if (base instanceof List<?> baseList && patch instanceof List<?> patchList && isNamed(baseList)
				&& isNamed(patchList)) {
			List<Object> merged = new ArrayList<>(baseList);
			for (Object item : patchList) {
				int at = indexOfName(merged, ((Map<String, Object>) item).get("name"));
				if (at < 0) {
					merged.add(item);
				}
				else {
					merged.set(at, merge(merged.get(at), item));
				}
			}
			return merged;
		}
		return patch;
	}

	private static boolean isNamed(List<?> list) {
		return !list.isEmpty()
				&& list.stream().allMatch(item -> item instanceof Map<?, ?> map && map.containsKey("name"));
	}

	private static int indexOfName(List<Object> list, Object name) {
		for (int i = 0; i < list.size(); i++) {
			if (Objects.equals(((Map<?, ?>) list.get(i)).get("name"), name)) {
				return i;
			}
		}
		return -1;
	}

	private static void retag(Map<String, Object> container, Map<String, Object> image) {
		String current = (String) container.get("image");
		String name = (String) image.get("name");
		if (current != null && (current.equals(name) || current.startsWith(name + ":"))) {
			String newName = (String) image.getOrDefault("newName", name);
			String tag = current.contains(":") ? current.substring(current.indexOf(':') + 1) : "";
			String newTag = (String) image.getOrDefault("newTag", tag);
			container.put("image", newTag.isEmpty() ? newName : newName + ":" + newTag);
		}
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
