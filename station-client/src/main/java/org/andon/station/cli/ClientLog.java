package org.andon.station.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends the client's and the libraries' log (java.util.logging, which Tomcat and Spring use here) to
 * {@code client.0.log} in the state folder: on the terminal it would tear the worker's screen or a script's output.
 */
final class ClientLog {

	private ClientLog() {
	}

	static void toFile(Path stateDir) {
		System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
		LogManager.getLogManager().reset();
		Logger root = Logger.getLogger("");
		try {
			Files.createDirectories(stateDir);
			Handler file = new FileHandler(stateDir.resolve("client.%g.log").toString(), 2_000_000, 2, true);
			file.setFormatter(new SimpleFormatter());
			root.addHandler(file);
			// -Dandon.log.level=FINE adds every push and sync reply, for chasing a problem on site.
			Level level = Level.parse(System.getProperty("andon.log.level", "INFO"));
			root.setLevel(Level.INFO);
			Logger.getLogger("org.andon").setLevel(level);
			file.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.INFO);
		}
		catch (IOException ex) {
			root.setLevel(Level.OFF);
		}
	}
}
