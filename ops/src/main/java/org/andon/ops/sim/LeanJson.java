package org.andon.ops.sim;

/**
 * Reads one top-level field out of the line server's compact JSON without building a tree: the light stations read
 * thousands of results and pushes a second and need two or three fields of each. It finds the first {@code "key":},
 * which is the envelope's own field for every message it is used on (results, and pushes other than STATE, whose
 * {@code data} uses other names); a key inside a string value cannot match, since quotes there are escaped.
 */
final class LeanJson {

	private LeanJson() {
	}

	/** The string value of {@code key}, or null if absent or not a string (escapes are kept as sent). */
	static String string(String json, String key) {
		int at = valueAt(json, key);
		if (at < 0 || at >= json.length() || json.charAt(at) != '"') {
			return null;
		}
		int start = at + 1;
		for (int i = start; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '"') {
				return json.substring(start, i);
			}
		}
		return null;
	}

	/** The whole-number value of {@code key}, or {@code otherwise} if absent or not a number. */
	static long number(String json, String key, long otherwise) {
		int at = valueAt(json, key);
		if (at < 0) {
			return otherwise;
		}
		int end = at;
		if (end < json.length() && json.charAt(end) == '-') {
			end++;
		}
		while (end < json.length() && Character.isDigit(json.charAt(end))) {
			end++;
		}
		return end == at ? otherwise : Long.parseLong(json, at, end, 10);
	}

	private static int valueAt(String json, String key) {
		String quoted = "\"" + key + "\"";
		int at = json.indexOf(quoted);
		if (at < 0) {
			return -1;
		}
		int i = at + quoted.length();
		while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
			i++;
		}
		if (i >= json.length() || json.charAt(i) != ':') {
			return -1;
		}
		i++;
		while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
			i++;
		}
		return i;
	}
}
