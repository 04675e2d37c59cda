package dev.playgate.gateway.edge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.playgate.gateway.credential.ProblemCode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/openapi.yaml in step with the routes the gateway really serves. */
final class OpenApiDescriptionTest {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	@SuppressWarnings("unchecked")
	private static Map<String, Object> description() throws IOException {
		try (InputStream in = Files.newInputStream(Path.of("..", "docs", "openapi.yaml"))) {
			return new Yaml().load(in);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void describesExactlyTheServedRoutes() throws IOException {
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) description().get("paths");
		List<String> described = new ArrayList<>();
		paths.forEach((path, operations) -> operations.keySet()
			.stream()
			.filter(METHODS::contains)
			.forEach(method -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path)));
		assertThat(described).containsExactlyInAnyOrderElementsOf(Routes.catalogue());
	}

	@Test
	@SuppressWarnings("unchecked")
	void listsEveryProblemCode() throws IOException {
		Map<String, Object> components = (Map<String, Object>) description().get("components");
		Map<String, Object> problem = (Map<String, Object>) ((Map<String, Object>) components.get("schemas"))
			.get("Problem");
		Map<String, Object> code = (Map<String, Object>) ((Map<String, Object>) problem.get("properties")).get("code");
		Set<String> expected = new TreeSet<>();
		for (ProblemCode value : ProblemCode.values()) {
			expected.add(value.name());
		}
		assertThat(new TreeSet<>((List<String>) code.get("enum"))).isEqualTo(expected);
	}

	@Test
	void isOpenApi31() throws IOException {
		assertThat(description().get("openapi")).isEqualTo("3.1.0");
	}
}
