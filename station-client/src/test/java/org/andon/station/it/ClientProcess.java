package org.andon.station.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.andon.testsupport.LineServerProcess;

/** The station terminal's main class run as a child process, the way a shell script or a service would run it. */
final class ClientProcess implements AutoCloseable {

	private final Process process;
	private final OutputStream stdin;
	final List<String> stdout = new CopyOnWriteArrayList<>();
	private final Path stderr;
	private final Thread pump;

	private ClientProcess(Process process, Path stderr) {
		this.process = process;
		this.stdin = process.getOutputStream();
		this.stderr = stderr;
		this.pump = new Thread(() -> {
			try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
					StandardCharsets.UTF_8))) {
				String line;
				while ((line = r.readLine()) != null) {
					stdout.add(line);
				}
			}
			catch (IOException ex) {
				// the process died
			}
		}, "client-stdout");
		pump.setDaemon(true);
		pump.start();
	}

	static ClientProcess start(Path workDir, String... args) {
		List<String> cmd = new ArrayList<>(List.of(LineServerProcess.javaBin(), "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				"org.andon.station.cli.StationClientMain"));
		cmd.addAll(List.of(args));
		try {
			Files.createDirectories(workDir);
			Path err = workDir.resolve("client-stderr.txt");
			return new ClientProcess(new ProcessBuilder(cmd).directory(workDir.toFile())
				.redirectError(err.toFile()).start(), err);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void type(String... lines) {
		try {
			for (String line : lines) {
				stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			}
			stdin.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void endInput() {
		try {
			stdin.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int waitForExit(int seconds) throws InterruptedException {
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			throw new AssertionError("the client did not finish within " + seconds + " s; stderr:\n" + stderr());
		}
		pump.join(2000);
		return process.exitValue();
	}

	/** Kills the client at once: no shutdown hook, no close, as a crash or a pulled plug would. */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	String stderr() {
		try {
			return Files.readString(stderr);
		}
		catch (IOException ex) {
			return "(no stderr: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			kill();
		}
	}
}
