package org.andon.ops.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.andon.testsupport.Launch;
import org.andon.testsupport.LineServerProcess;

/**
 * The real line server jar as the simulator, the soak and the flood benchmark start it: a child process on
 * 127.0.0.1 (a free port) serving their plant file, on an H2 file in their work folder with the production URL
 * options (or another database), its output in {@code line-server.log} there. Callers add JVM options and the
 * environment.
 */
final class PlantServer {

	private PlantServer() {
	}

	/** The H2 file database in {@code work}, with the URL options of the shipped unit. */
	static String h2(Path work) {
		return "jdbc:h2:file:" + work.resolve("data/andon").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
	}

	/** A launch of {@code jar} for {@code plantFile} on {@code datasourceUrl}, with {@code settings} after them. */
	static Launch launch(Path jar, Path plantFile, String datasourceUrl, List<String> settings, Path work) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("no line server jar at " + jar
					+ " (build it: ./mvnw -pl line-server -am -DskipTests package, or give --line-server-jar)");
		}
		List<String> all = new ArrayList<>(List.of("--server.address=127.0.0.1",
				"--andon.topology=file:" + plantFile.toAbsolutePath(), "--spring.datasource.url=" + datasourceUrl));
		all.addAll(settings);
		return LineServerProcess.launch(jar).settings(all).directory(work).log("line-server.log")
			.startup(Duration.ofSeconds(180));
	}
}
