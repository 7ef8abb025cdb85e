package org.andon.ops.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a plant runs the line server, from ops/systemd/andon-line-server.env: the simulator's {@code --start-server}
 * starts it the same way, so memory is measured as a plant would see it (ProductionSettingsTests checks they agree).
 */
final class ProductionSettings {

	/** The unit's {@code JAVA_OPTS}. */
	static final String JVM_OPTIONS = "-Xms224m -Xmx224m -Xmn40m -XX:+UseSerialGC -XX:MetaspaceSize=128m "
			+ "-XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=96m -XX:TrimNativeHeapInterval=5000 "
			+ "-XX:+ExitOnOutOfMemoryError";

	/** The rest of that file's environment that concerns memory. */
	static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2", "ANDON_LOG_QUEUE_CAPACITY", "5000");

	private ProductionSettings() {
	}

	/** The variables of {@link #ENVIRONMENT} that {@code current} does not set already (a person's own win). */
	static Map<String, String> environmentBeyond(Map<String, String> current) {
		Map<String, String> added = new LinkedHashMap<>();
		ENVIRONMENT.forEach((name, value) -> {
			if (!current.containsKey(name)) {
				added.put(name, value);
			}
		});
		return added;
	}
}
