package org.andon.ops.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --start-server} runs the line server with the JVM options and memory settings of the systemd unit's
 * environment file, so what the simulator measures is what a plant runs. (BackupRestoreTests starts the server with
 * that file's JAVA_OPTS, so the JVM is known to accept them.)
 */
class ProductionSettingsTests {

	@Test
	void theSimulatorStartsTheServerWithTheUnitsJvmOptionsAndMemorySettings() throws Exception {
		Map<String, String> unit = environment(Path.of(System.getProperty("andon.ops.dir", ""))
			.resolve("systemd/andon-line-server.env"));
		assertThat(unit.get("JAVA_OPTS")).isEqualTo(ProductionSettings.JVM_OPTIONS)
			.contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(unit).containsAllEntriesOf(ProductionSettings.ENVIRONMENT);
		// the server gets those of them that the person running the simulator has not set otherwise
		assertThat(ProductionSettings.environmentBeyond(Map.of("MALLOC_ARENA_MAX", "4")))
			.doesNotContainKey("MALLOC_ARENA_MAX")
			.containsEntry("ANDON_LOG_QUEUE_CAPACITY", unit.get("ANDON_LOG_QUEUE_CAPACITY"));
		assertThat(new picocli.CommandLine(new Simulate()).getCommandSpec().findOption("--server-jvm-args")
			.defaultValue()).isEqualTo(unit.get("JAVA_OPTS"));
	}

	private static Map<String, String> environment(Path file) throws Exception {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			String l = line.strip();
			if (!l.isEmpty() && !l.startsWith("#")) {
				String value = l.substring(l.indexOf('=') + 1);
				env.put(l.substring(0, l.indexOf('=')), value.replaceAll("^\"(.*)\"$", "$1"));
			}
		}
		return env;
	}
}
