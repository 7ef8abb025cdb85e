package org.andon.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scrape in the Prometheus text format, read back: every series name (histograms as their {@code _bucket},
 * {@code _count}, {@code _sum} series), the label names it carries, and the sum of its sample values.
 */
final class Exposition {

	/** Labels Prometheus adds to every series it scrapes (they are not in the exposition itself). */
	static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private final String text;
	private final Map<String, Set<String>> labels = new LinkedHashMap<>();
	private final Map<String, Double> sums = new LinkedHashMap<>();

	private Exposition(String text) {
		this.text = text;
	}

	static Exposition parse(String text) {
		Exposition e = new Exposition(text);
		for (String line : text.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				e.sample(line.strip());
			}
		}
		return e;
	}

	private void sample(String line) {
		int i = 0;
		while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
			i++;
		}
		String name = line.substring(0, i);
		Set<String> names = labels.computeIfAbsent(name, n -> new TreeSet<>());
		if (i < line.length() && line.charAt(i) == '{') {
			i++;
			while (line.charAt(i) != '}') {
				int eq = line.indexOf('=', i);
				names.add(line.substring(i, eq).strip());
				i = eq + 2; // past ="
				while (line.charAt(i) != '"') {
					i += line.charAt(i) == '\\' ? 2 : 1;
				}
				i++;
				if (line.charAt(i) == ',') {
					i++;
				}
			}
			i++;
		}
		String value = line.substring(i).strip().split("\\s+")[0];
		sums.merge(name, Double.parseDouble(value.replace("Inf", "Infinity")), Double::sum);
	}

	String text() {
		return text;
	}

	boolean has(String series) {
		return labels.containsKey(series);
	}

	Set<String> series() {
		return labels.keySet();
	}

	Set<String> labelsOf(String series) {
		return labels.getOrDefault(series, Set.of());
	}

	double sum(String series) {
		return sums.getOrDefault(series, 0.0);
	}

	/**
	 * What is wrong with a PromQL expression against this scrape: a metric the server does not expose (unless
	 * {@code accepted} names it), a label matcher or grouping label that none of its metrics carries.
	 */
	List<String> problems(String expr, Set<String> accepted) {
		PromQl.Parsed parsed = PromQl.parse(expr);
		List<String> problems = new java.util.ArrayList<>();
		Set<String> available = new TreeSet<>(TARGET_LABELS);
		boolean allKnown = true;
		for (PromQl.Selector s : parsed.selectors()) {
			if (!has(s.metric())) {
				if (!accepted.contains(s.metric())) {
					problems.add(s.metric() + " is not exposed by the line server");
				}
				allKnown = false;
				continue;
			}
			available.addAll(labelsOf(s.metric()));
			for (String label : s.labels()) {
				if (!labelsOf(s.metric()).contains(label) && !TARGET_LABELS.contains(label)) {
					problems.add(s.metric() + " has no label " + label + " (it has " + labelsOf(s.metric()) + ")");
				}
			}
		}
		if (allKnown) {
			for (String label : parsed.groupingLabels()) {
				if (!available.contains(label)) {
					problems.add("no metric in the expression has the label " + label + " it groups or matches by");
				}
			}
		}
		return problems;
	}
}
