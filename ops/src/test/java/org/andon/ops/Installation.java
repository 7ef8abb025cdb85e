package org.andon.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.andon.testsupport.LineServerProcess;

/**
 * The service of ops/systemd installed under a temporary root, as ops/README.md installs it under /: the unit's
 * ExecStart, WorkingDirectory and environment file, with /etc/andon, /var/lib/andon, the jar and java moved there.
 * Starting it runs exactly the unit's command line with the environment file's variables.
 */
final class Installation {

	static final String UNIT = "systemd/andon-line-server.service";

	final Path root;
	final SystemdService unit;
	final Map<String, String> env = new LinkedHashMap<>();
	final int port = LineServerProcess.freePort();

	private Installation(Path root, String envFile) throws IOException {
		this.root = root;
		this.unit = SystemdService.unit(OpsFiles.asset(UNIT));
		SystemdService.environment(OpsFiles.asset("systemd/" + envFile)).forEach((k, v) -> env.put(k, relocate(v)));
		env.put("SERVER_PORT", String.valueOf(port));
		Files.createDirectories(root.resolve("etc/andon"));
		Files.createDirectories(root.resolve("logs"));
		// the StateDirectory systemd creates for the service
		Files.createDirectories(Path.of(relocate(unit.get("Service", "WorkingDirectory"))));
		try (ZipFile jar = new ZipFile(OpsFiles.lineServerJar().toFile());
				InputStream plant = jar.getInputStream(jar.getEntry("BOOT-INF/classes/demo-plant.yml"))) {
			Files.copy(plant, root.resolve("etc/andon/plant.yml"));
		}
	}

	static Installation of(Path root, String envFile) throws IOException {
		return new Installation(root, envFile);
	}

	/** An installed path or word, moved under the root. */
	String relocate(String s) {
		return s.replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString())
			.replace("/opt/andon/line-server.jar", OpsFiles.lineServerJar().toString())
			.replace("/var/lib/andon", root.resolve("var/lib/andon").toString())
			.replace("/etc/andon", root.resolve("etc/andon").toString());
	}

	/** The unit's ExecStart (plus a JIT flag that only makes the test start faster). */
	List<String> command() {
		List<String> command = new ArrayList<>(unit.execStart(env, this::relocate));
		command.add(1, LineServerProcess.FAST_START);
		return command;
	}

	Path workingDirectory() {
		return Path.of(relocate(unit.get("Service", "WorkingDirectory")));
	}

	LineServerProcess start(String logName) {
		return LineServerProcess.start(command(), workingDirectory(), env, port, root.resolve("logs").resolve(logName));
	}

	/** The H2 database of SPRING_DATASOURCE_URL, as the path backup-h2 takes (without .mv.db). */
	Path h2Database() {
		String url = env.get("SPRING_DATASOURCE_URL");
		return Path.of(url.substring("jdbc:h2:file:".length(), url.contains(";") ? url.indexOf(';') : url.length()));
	}
}
