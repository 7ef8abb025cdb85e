package org.andon.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of a PromQL reader to list the metrics an expression selects, the labels it matches on, and the
 * labels it groups by. Syntax itself is promtool's job (the tests run every expression through it too).
 */
final class PromQl {

	/** {@code metric{label="..."}}: the metric and the names of the labels it is matched on. */
	record Selector(String metric, Set<String> labels) {
	}

	record Parsed(List<Selector> selectors, Set<String> groupingLabels) {
	}

	private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private static final Set<String> WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "sum", "min", "max", "avg", "group",
			"stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	private PromQl() {
	}

	static Parsed parse(String expr) {
		List<Selector> selectors = new ArrayList<>();
		Set<String> grouping = new LinkedHashSet<>();
		int i = 0;
		int n = expr.length();
		while (i < n) {
			char c = expr.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = skipString(expr, i);
			}
			else if (c == '[') {
				i = expr.indexOf(']', i) + 1;
			}
			else if (c == '{') {
				// a selector without a name in front, e.g. {__name__="x"}: only label names to note
				int end = matching(expr, i, '{', '}');
				Set<String> labels = labelNames(expr.substring(i + 1, end));
				String name = nameMatcher(expr.substring(i + 1, end));
				if (name != null) {
					labels.remove("__name__");
					selectors.add(new Selector(name, labels));
				}
				i = end + 1;
			}
			else if (c == '$') {
				// a Grafana variable: $name or ${name}
				i++;
				if (i < n && expr.charAt(i) == '{') {
					i = expr.indexOf('}', i) + 1;
				}
				else {
					while (i < n && isNamePart(expr.charAt(i))) {
						i++;
					}
				}
			}
			else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
				while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
					i++;
				}
			}
			else if (isNameStart(c)) {
				int start = i;
				while (i < n && isNamePart(expr.charAt(i))) {
					i++;
				}
				String word = expr.substring(start, i);
				int next = skipSpace(expr, i);
				boolean call = next < n && expr.charAt(next) == '(';
				if (GROUPING.contains(word)) {
					if (call) {
						int end = matching(expr, next, '(', ')');
						for (String label : expr.substring(next + 1, end).split(",")) {
							if (!label.isBlank()) {
								grouping.add(label.strip());
							}
						}
						i = end + 1;
					}
				}
				else if (!call && !WORDS.contains(word.toLowerCase())) {
					Set<String> labels = new LinkedHashSet<>();
					if (next < n && expr.charAt(next) == '{') {
						int end = matching(expr, next, '{', '}');
						labels = labelNames(expr.substring(next + 1, end));
						i = end + 1;
					}
					selectors.add(new Selector(word, labels));
				}
			}
			else {
				i++;
			}
		}
		return new Parsed(selectors, grouping);
	}

	private static Set<String> labelNames(String matchers) {
		Set<String> names = new LinkedHashSet<>();
		int i = 0;
		while (i < matchers.length()) {
			char c = matchers.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = skipString(matchers, i);
			}
			else if (isNameStart(c)) {
				int start = i;
				while (i < matchers.length() && isNamePart(matchers.charAt(i))) {
					i++;
				}
				names.add(matchers.substring(start, i));
			}
			else {
				i++;
			}
		}
		return names;
	}

	private static String nameMatcher(String matchers) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("__name__\\s*=\\s*\"([^\"]+)\"").matcher(matchers);
		return m.find() ? m.group(1) : null;
	}

	private static int skipString(String s, int i) {
		char quote = s.charAt(i);
		i++;
		while (i < s.length() && s.charAt(i) != quote) {
			i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
		}
		return i + 1;
	}

	private static int matching(String s, int open, char o, char c) {
		int depth = 0;
		for (int i = open; i < s.length(); i++) {
			char ch = s.charAt(i);
			if (ch == '"' || ch == '\'' || ch == '`') {
				i = skipString(s, i) - 1;
			}
			else if (ch == o) {
				depth++;
			}
			else if (ch == c && --depth == 0) {
				return i;
			}
		}
		throw new IllegalArgumentException("unbalanced " + o + " in " + s);
	}

	private static int skipSpace(String s, int i) {
		while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isNameStart(char c) {
		return Character.isLetter(c) || c == '_' || c == ':';
	}

	private static boolean isNamePart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == ':';
	}
}
