package dev.playgate.gateway.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

/** The PromQL of k8s/monitoring: the Grafana dashboard's queries and the PrometheusRule's alerts. */
final class Monitoring {

	private static final Pattern SERIES = Pattern.compile("\\b(?:playgate|resilience4j)_[a-z0-9_]+\\b");

	private final Path dir;

	private Monitoring(Path dir) {
		this.dir = dir;
	}

	/** The monitoring kustomization in {@code dir}. */
	static Monitoring in(Path dir) {
		return new Monitoring(dir);
	}

	/** The expression of every dashboard panel target. */
	List<String> dashboardQueries() {
		List<String> queries = new ArrayList<>();
		JsonNode dashboard = JsonMapper.builder().build().readTree(dir.resolve("grafana-dashboard.json").toFile());
		for (JsonNode panel : dashboard.get("panels")) {
			panel.get("targets").forEach(target -> queries.add(target.get("expr").asString()));
		}
		return queries;
	}

	/** Every alerting rule, by alert name. */
	Map<String, Map<String, Object>> alerts() {
		Map<String, Map<String, Object>> alerts = new TreeMap<>();
		Map<String, Object> rule = Manifest.find(Kustomization.render(dir), "PrometheusRule", "playgate");
		for (Map<String, Object> group : Kustomization.maps(Manifest.at(rule, "spec", "groups"))) {
			Kustomization.maps(group.get("rules")).forEach(alert -> alerts.put((String) alert.get("alert"), alert));
		}
		return alerts;
	}

	/** The dashboard's queries and the alerts' expressions. */
	List<String> allQueries() {
		List<String> queries = new ArrayList<>(dashboardQueries());
		alerts().values().forEach(alert -> queries.add((String) alert.get("expr")));
		return queries;
	}

	/** Whether a query reads at least one playgate or resilience4j series. */
	static boolean readsSeries(String query) {
		return SERIES.matcher(query).find();
	}

	/** The playgate and resilience4j series the queries read. */
	static Set<String> series(List<String> queries) {
		Set<String> names = new TreeSet<>();
		queries.forEach(query -> SERIES.matcher(query).results().forEach(match -> names.add(match.group())));
		return names;
	}

	/** The {@code outcome} label values a query selects on one series (alternatives of {@code =~} split). */
	static List<String> outcomes(String query, String series) {
		List<String> found = new ArrayList<>();
		Matcher selector = Pattern.compile(series + "\\{([^}]*)}").matcher(query);
		while (selector.find()) {
			Pattern.compile("outcome=~?\"([^\"]+)\"")
				.matcher(selector.group(1))
				.results()
				.forEach(match -> found.addAll(List.of(match.group(1).split("\\|"))));
		}
		return found;
	}

	/**
	 * SLO boundaries in seconds, as Spring Boot reads a {@code management.metrics.distribution.slo.*} list: durations
	 * ({@code 10ms}, {@code 1s}) or bare numbers in the meter's base unit (seconds for the summaries used here).
	 */
	static List<Double> sloSeconds(String boundaries) {
		return Stream.of(boundaries.split(","))
			.map(String::trim)
			.map(value -> value.matches("[0-9.]+") ? Double.parseDouble(value)
					: DurationStyle.detectAndParse(value).toNanos() / 1e9)
			.toList();
	}
}
