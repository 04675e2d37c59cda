package dev.playgate.loadtest.summary;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateways' own counters, from their {@code /actuator/prometheus} text before and after a run: for every
 * {@code playgate_*_total} family with an {@code outcome} label (X-Cache values and problem codes, as
 * {@code playgate_requests_total} has; hit and miss for {@code playgate_l2_requests_total}), the count per outcome.
 */
public final class GatewayCounters {

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private GatewayCounters() {
	}

	/** {@code {family: {OUTCOME: n}}} of one scrape. */
	public static Map<String, Map<String, Double>> parse(String text) {
		Map<String, Map<String, Double>> families = new TreeMap<>();
		for (String line : text.split("\n")) {
			Matcher m = LINE.matcher(line);
			if (!m.find() || !m.group(1).startsWith("playgate") || !m.group(1).endsWith("_total")) {
				continue;
			}
			Matcher label = LABEL.matcher(m.group(3) == null ? "" : m.group(3));
			String outcome = null;
			while (label.find()) {
				if ("outcome".equals(label.group(1))) {
					outcome = label.group(2).toUpperCase(Locale.ROOT);
				}
			}
			if (outcome == null) {
				continue;
			}
			try {
				families.computeIfAbsent(m.group(1), absent -> new TreeMap<>())
					.merge(outcome, Double.parseDouble(m.group(4)), Double::sum);
			}
			catch (NumberFormatException ex) {
				// NaN-like values are not counts
			}
		}
		return families;
	}

	/** What each counter grew by from {@code before} to {@code after}; zero growth is left out. */
	public static Map<String, Map<String, Long>> growth(Map<String, Map<String, Double>> before,
			Map<String, Map<String, Double>> after) {
		Map<String, Map<String, Long>> grown = new TreeMap<>();
		after.forEach((family, outcomes) -> outcomes.forEach((outcome, value) -> {
			long delta = Math.round(value - before.getOrDefault(family, Map.of()).getOrDefault(outcome, 0.0));
			if (delta > 0) {
				grown.computeIfAbsent(family, absent -> new TreeMap<>()).put(outcome, delta);
			}
		}));
		return grown;
	}

	/** The sum of several instances' growth. */
	public static Map<String, Map<String, Long>> sum(Iterable<Map<String, Map<String, Long>>> instances) {
		Map<String, Map<String, Long>> total = new TreeMap<>();
		instances.forEach(instance -> instance.forEach((family, outcomes) -> outcomes.forEach((outcome, n) -> total
			.computeIfAbsent(family, absent -> new TreeMap<>()).merge(outcome, n, Long::sum))));
		return total;
	}
}
