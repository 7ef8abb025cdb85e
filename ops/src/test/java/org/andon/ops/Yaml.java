package org.andon.ops;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads a YAML asset as plain maps and lists. */
final class Yaml {

	private Yaml() {
	}

	static Map<String, Object> load(Path file) {
		try (Reader r = Files.newBufferedReader(file)) {
			return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(r);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object o) {
		return (Map<String, Object>) o;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object o) {
		return o == null ? List.of() : (List<Object>) o;
	}
}
