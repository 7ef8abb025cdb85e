package org.andon.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both languages carry every text the pages ask for. Refusal codes are the one exception: English shows the server's
 * own message, so only other languages translate the codes.
 */
class I18nBundlesTests {

	private static final Path STATIC = Path.of("src", "main", "resources", "static");

	private static final Pattern KEY_IN_HTML = Pattern.compile("data-i18n(?:-placeholder|-title|-label)?=\"([^\"]+)\"");

	private static final Pattern KEY_IN_JS = Pattern.compile("\\bt\\('([a-zA-Z0-9.]+)'");

	@Test
	void chineseHasEveryEnglishText() throws IOException {
		Set<String> english = keys("en");
		Set<String> chinese = keys("zh-CN");
		assertThat(chinese).containsAll(english);
		assertThat(new TreeSet<>(chinese)).allMatch(k -> english.contains(k) || k.startsWith("code."),
				"only refusal codes are extra in Chinese");
	}

	@Test
	void everyKeyThePagesUseExists() throws IOException {
		Set<String> english = keys("en");
		Set<String> used = new TreeSet<>();
		try (var files = Files.walk(STATIC)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".js")).toList()) {
				String text = Files.readString(f);
				Matcher m = (f.toString().endsWith(".html") ? KEY_IN_HTML : KEY_IN_JS).matcher(text);
				while (m.find()) {
					if (!m.group(1).endsWith(".")) {
						// a key ending in a dot is completed at run time (t('state.' + state)): not checkable here
						used.add(m.group(1));
					}
				}
			}
		}
		assertThat(used).hasSizeGreaterThan(50);
		assertThat(used).allMatch(english::contains, "defined in i18n/en.json");
	}

	private static Set<String> keys(String language) throws IOException {
		JsonNode bundle = JsonMapper.builder().build().readTree(STATIC.resolve("i18n").resolve(language + ".json").toFile());
		Set<String> keys = new HashSet<>();
		bundle.propertyNames().forEach(keys::add);
		return keys;
	}
}
