package org.andon.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start a {@link LineServerProcess}: the jar with its JVM options and {@code --name=value} settings (or an exact
 * command line), the environment added, the working folder, the port (a free one unless given), where its output goes
 * and how long start-up may take.
 */
public final class Launch {

	/** Startup takes seconds on an idle machine and much longer when a build runs beside it on 2 cores. */
	static final Duration STARTUP = Duration.ofSeconds(120);

	private final Path jar;
	private final List<String> exactCommand;
	private List<String> jvmOptions = List.of(LineServerProcess.FAST_START);
	private List<String> settings = List.of();
	private final Map<String, String> environment = new LinkedHashMap<>();
	private Path directory = Path.of(".");
	private String logName;
	private int port;
	private int healthPort;
	private Duration startup = STARTUP;

	private Launch(Path jar, List<String> exactCommand, int port) {
		this.jar = jar;
		this.exactCommand = exactCommand;
		this.port = port;
	}

	static Launch of(Path jar) {
		return new Launch(jar.toAbsolutePath(), null, 0);
	}

	static Launch of(List<String> command, int port) {
		return new Launch(null, List.copyOf(command), port);
	}

	/** The JVM's options, before {@code -jar} (default: only {@link LineServerProcess#FAST_START}). */
	public Launch jvmOptions(List<String> options) {
		this.jvmOptions = List.copyOf(options);
		return this;
	}

	/** {@code --name=value} settings after the jar; the port is added to them. */
	public Launch settings(List<String> values) {
		this.settings = List.copyOf(values);
		return this;
	}

	/** Added to the process's environment (over what this JVM has). */
	public Launch environment(Map<String, String> variables) {
		this.environment.putAll(variables);
		return this;
	}

	/** The working folder, and where the output goes unless {@link #log} names a path elsewhere. */
	public Launch directory(Path folder) {
		this.directory = folder;
		return this;
	}

	/** One file for the output of every start (appended), instead of {@code server-N.log} for start N. */
	public Launch log(String fileName) {
		this.logName = fileName;
		return this;
	}

	public Launch port(int value) {
		this.port = value;
		return this;
	}

	public Launch startup(Duration within) {
		this.startup = within;
		return this;
	}

	/**
	 * Serves health and metrics on a port of their own, plain HTTP ({@code management.server.port}, its SSL off), and
	 * waits for health there: for a server whose main port speaks TLS. 0 picks a free port.
	 */
	public Launch plainHealthPort(int value) {
		healthPort = value == 0 ? LineServerProcess.freePort() : value;
		return this;
	}

	/** The port health is asked on: the management port if it has one, else the server's own. */
	int healthPort() {
		return healthPort != 0 ? healthPort : port;
	}

	/** Starts the server and returns once it answers healthy. */
	public LineServerProcess start() {
		if (port == 0) {
			port = LineServerProcess.freePort();
		}
		return LineServerProcess.started(this);
	}

	List<String> command() {
		if (exactCommand != null) {
			return exactCommand;
		}
		List<String> command = new ArrayList<>();
		command.add(LineServerProcess.javaBin());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
		command.addAll(settings);
		if (healthPort != 0) {
			command.addAll(List.of("--management.server.port=" + healthPort, "--management.server.ssl.enabled=false"));
		}
		return command;
	}

	Path directory() {
		return directory;
	}

	Map<String, String> environment() {
		return environment;
	}

	int port() {
		return port;
	}

	Duration startup() {
		return startup;
	}

	Path log(int start) {
		return directory.resolve(logName != null ? logName : "server-" + start + ".log").toAbsolutePath();
	}
}
