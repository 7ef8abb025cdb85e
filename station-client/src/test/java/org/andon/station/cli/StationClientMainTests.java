package org.andon.station.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How the terminal reads its options: the servers it may use above all. */
class StationClientMainTests {

	@TempDir
	Path dir;

	@Test
	void severalServersComeAsRepeatedOptionsOrCommaSeparatedAndReplaceTheDefault() {
		assertThat(parse().servers).containsExactly(URI.create("ws://127.0.0.1:8080/ws"));
		assertThat(parse("--server", "ws://node-a:8080/ws,ws://node-b:8080/ws", "--server", "ws://node-c:8080/ws")
			.servers).containsExactly(URI.create("ws://node-a:8080/ws"), URI.create("ws://node-b:8080/ws"),
					URI.create("ws://node-c:8080/ws"));
	}

	@Test
	void aConfigFileNamesSeveralServersWithCommasButTheCommandLineWins() throws Exception {
		Path config = Files.writeString(dir.resolve("station.properties"),
				"station=WELD\nserver=ws://node-a:8080/ws, ws://node-b:8080/ws\n");
		StationClientMain fromFile = parse("--config", config.toString());
		fromFile.applyConfig();
		assertThat(fromFile.servers).containsExactly(URI.create("ws://node-a:8080/ws"),
				URI.create("ws://node-b:8080/ws"));

		StationClientMain given = parse("--config", config.toString(), "--server", "ws://node-c:8080/ws");
		given.applyConfig();
		assertThat(given.servers).containsExactly(URI.create("ws://node-c:8080/ws"));
	}

	private static StationClientMain parse(String... args) {
		PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
		StationClientMain main = new StationClientMain(new ByteArrayInputStream(new byte[0]), nowhere, nowhere);
		new CommandLine(main).parseArgs(args);
		return main;
	}
}
