package org.andon.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The real line server jar, run as a child process the way systemd runs it, on a port of its own. Started, it has
 * answered {@code /actuator/health} with UP; {@link #close()} stops it with SIGTERM (a graceful shutdown that closes
 * the H2 file) and waits for it to exit.
 */
final class LineServerProcess implements AutoCloseable {

	/** Startup takes seconds on an idle machine and much longer when the build runs beside it on 2 cores. */
	private static final Duration STARTUP = Duration.ofSeconds(120);

	/** Only makes startup cheaper in tests (no C2 compiler threads competing for 2 cores); not a production flag. */
	static final String FAST_START = "-XX:TieredStopAtLevel=1";

	static final List<String> TEST_JVM_ARGS = List.of(FAST_START, "-Xmx512m");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;
	private final int port;
	private final Path log;
	private final Thread reaper;

	private LineServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		// never leave a line server behind if the test JVM is stopped half-way
		this.reaper = new Thread(process::destroyForcibly, "line-server-reaper");
		Runtime.getRuntime().addShutdownHook(reaper);
	}

	/** A line server on an H2 file database at {@code database} (a path without .mv.db), on a free port. */
	static LineServerProcess startOnH2(Path database, Path log) {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(TEST_JVM_ARGS);
		command.addAll(List.of("-jar", OpsFiles.lineServerJar().toString(), "--server.port=" + port,
				"--spring.datasource.url=jdbc:h2:file:" + database + ";WRITE_DELAY=0"));
		return start(command, log.getParent(), Map.of(), port, log);
	}

	/**
	 * Runs {@code command} in {@code workingDirectory} with {@code env} added to the environment, stdout and stderr
	 * appended to {@code log}, and waits until it is healthy on {@code port}.
	 */
	static LineServerProcess start(List<String> command, Path workingDirectory, Map<String, String> env, int port,
			Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(env);
		LineServerProcess server;
		try {
			server = new LineServerProcess(builder.start(), port, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.awaitHealthy();
		return server;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitHealthy() {
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).until(() -> {
				if (!process.isAlive()) {
					fail("the line server exited with code " + process.exitValue() + " before it was healthy; "
							+ "the end of its output (" + log + "):\n" + tail());
				}
				return healthy();
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			close();
			fail("the line server was not healthy on port " + port + " within " + STARTUP + "; the end of its output ("
					+ log + "):\n" + tail());
		}
	}

	private boolean healthy() {
		try {
			HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health"))
				.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
			return r.statusCode() == 200 && r.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	int port() {
		return port;
	}

	long pid() {
		return process.pid();
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	/** GET {@code path}, as {@code user} with the demo password (null: anonymous); fails unless 200. */
	String get(String path, String user) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
		}
		try {
			HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 200) {
				fail("GET " + path + " answered " + r.statusCode() + ": " + r.body());
			}
			return r.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/** SIGTERM, then up to 60 s for the graceful shutdown; SIGKILL only if that does not end it. */
	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(reaper);
		}
		catch (IllegalStateException shuttingDown) {
			// the JVM is already exiting: the hook runs anyway
		}
	}
}
