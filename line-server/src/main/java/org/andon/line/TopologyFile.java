package org.andon.line;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The topology file being read: its fields as ids, plain values, mappings and lists, and every problem as an
 * {@link InvalidTopologyException} naming the file.
 */
final class TopologyFile {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

	private final String source;

	TopologyFile(String source) {
		this.source = source;
	}

	String source() {
		return source;
	}

	/** Whether a token or password is given as a BCrypt hash (never in clear). */
	static boolean bcrypt(String hash) {
		return hash != null && BCRYPT.matcher(hash).matches();
	}

	String id(Map<String, Object> m, String what) {
		String key = switch (what) {
			case "user" -> "username";
			case "defect code" -> "code";
			default -> "id";
		};
		String id = string(m, key, "a " + what, null);
		if ("andon".equals(id)) {
			throw fail("the id 'andon' is reserved for the line server itself");
		}
		if (id == null || !ID.matcher(id).matches()) {
			throw fail("a " + what + " has a missing or invalid id '" + id
					+ "' (letters, digits, '.', '_' or '-', at most 64)");
		}
		return id;
	}

	String string(Map<String, Object> m, String key, String where, String fallback) {
		Object v = m.get(key);
		if (v == null) {
			return fallback;
		}
		if (v instanceof Map || v instanceof List) {
			throw fail(where + ": '" + key + "' must be a plain value");
		}
		return String.valueOf(v);
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> map(Object o, String what) {
		if (!(o instanceof Map)) {
			throw fail(what + " must be a mapping");
		}
		return (Map<String, Object>) o;
	}

	List<?> list(Map<String, Object> m, String key, String where) {
		Object v = m.get(key);
		if (v == null) {
			return List.of();
		}
		if (!(v instanceof List<?> l)) {
			throw fail(where + ": '" + key + "' must be a list");
		}
		return l;
	}

	InvalidTopologyException fail(String problem) {
		return new InvalidTopologyException(source, problem);
	}
}
