package org.andon.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systemd unit and its environment file in ops/systemd, read the way systemd reads them: {@code Key=Value}
 * lines per section, an EnvironmentFile of {@code KEY=VALUE} lines (double quotes removed), and ExecStart with
 * {@code $VAR} split into words and {@code ${VAR}} kept as one.
 */
final class SystemdService {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	private final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();

	private SystemdService() {
	}

	static SystemdService unit(Path file) {
		SystemdService unit = new SystemdService();
		Map<String, List<String>> section = null;
		for (String line : lines(file)) {
			String l = line.strip();
			if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
				continue;
			}
			if (l.startsWith("[")) {
				section = unit.sections.computeIfAbsent(l.substring(1, l.length() - 1), s -> new LinkedHashMap<>());
				continue;
			}
			int eq = l.indexOf('=');
			section.computeIfAbsent(l.substring(0, eq).strip(), k -> new ArrayList<>()).add(l.substring(eq + 1).strip());
		}
		return unit;
	}

	/** The last value of {@code key} in {@code section} (null: not set). */
	String get(String section, String key) {
		List<String> values = sections.getOrDefault(section, Map.of()).get(key);
		return values == null ? null : values.get(values.size() - 1);
	}

	/** ExecStart as systemd runs it with {@code env}, each word passed through {@code relocate}. */
	List<String> execStart(Map<String, String> env, UnaryOperator<String> relocate) {
		List<String> words = new ArrayList<>();
		for (String word : get("Service", "ExecStart").split("\\s+")) {
			Matcher m = VARIABLE.matcher(word);
			if (m.matches() && m.group(2) != null) {
				for (String w : env.getOrDefault(m.group(2), "").split("\\s+")) {
					if (!w.isEmpty()) {
						words.add(relocate.apply(w));
					}
				}
			}
			else {
				words.add(relocate.apply(m.replaceAll(r -> Matcher.quoteReplacement(
						env.getOrDefault(r.group(1) != null ? r.group(1) : r.group(2), "")))));
			}
		}
		return words;
	}

	/** An EnvironmentFile: {@code KEY=VALUE} lines, comments and blank lines skipped, surrounding quotes removed. */
	static Map<String, String> environment(Path file) {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : lines(file)) {
			String l = line.strip();
			if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
				continue;
			}
			int eq = l.indexOf('=');
			String value = l.substring(eq + 1).strip();
			if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
					|| value.startsWith("'") && value.endsWith("'"))) {
				value = value.substring(1, value.length() - 1);
			}
			env.put(l.substring(0, eq).strip(), value);
		}
		return env;
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
