package org.andon.ops;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.fail;

/** Where the ops assets and the line server jar under test are. */
final class OpsFiles {

	private OpsFiles() {
	}

	/** The ops module's folder (Maven passes it; a run from the IDE starts in it). */
	static Path opsDir() {
		return Path.of(System.getProperty("andon.ops.dir", "")).toAbsolutePath().normalize();
	}

	static Path asset(String relative) {
		Path p = opsDir().resolve(relative);
		if (!Files.isRegularFile(p)) {
			fail("ops asset " + p + " is missing");
		}
		return p;
	}

	/**
	 * The line server jar the tests run: {@code ../line-server/target/line-server.jar}, which {@code ./mvnw verify}
	 * builds before this module, or the one {@code -Dline-server.jar=PATH} names.
	 */
	static Path lineServerJar() {
		Path jar = Path.of(System.getProperty("andon.line-server.jar",
				opsDir().resolve("../line-server/target/line-server.jar").toString())).toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			fail("The ops tests run the real line server, but its jar is not at " + jar + ". Build it first: "
					+ "`./mvnw -pl line-server -am -DskipTests package` (a full `./mvnw verify` builds it before ops), "
					+ "or point -Dline-server.jar=PATH at one.");
		}
		return jar;
	}
}
