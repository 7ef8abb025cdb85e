package org.andon.ops.sim;

import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A line server the simulator starts itself ({@code --start-server}): the real jar as a child process on 127.0.0.1,
 * a free port, a fresh H2 file with the production URL options, and the simulated plant. Stopped with SIGTERM (a
 * graceful shutdown), and killed if it does not go.
 */
final class LineServerChild implements AutoCloseable {

	/**
	 * The JVM options of ops/systemd/andon-line-server.env ({@code JAVA_OPTS}), so memory is measured as a plant would
	 * run it; SystemdUnitTests checks they agree.
	 */
	static final String PRODUCTION_JVM_OPTIONS = "-Xms224m -Xmx224m -Xmn40m -XX:+UseSerialGC -XX:MetaspaceSize=128m "
			+ "-XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=96m -XX:TrimNativeHeapInterval=5000 "
			+ "-XX:+ExitOnOutOfMemoryError";

	static final List<String> PRODUCTION_JVM = List.of(PRODUCTION_JVM_OPTIONS.split(" "));

	/** The rest of that file's environment that concerns memory, given to the server's process as well. */
	static final Map<String, String> PRODUCTION_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2",
			"ANDON_LOG_QUEUE_CAPACITY", "5000");

	private static final Duration STARTUP = Duration.ofSeconds(180);

	private final Process process;
	private final int port;
	private final Path log;
	private final Thread reaper;

	private LineServerChild(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.reaper = new Thread(process::destroyForcibly, "line-server-reaper");
		Runtime.getRuntime().addShutdownHook(reaper);
	}

	static LineServerChild start(Path jar, Path plantFile, Path workDir, List<String> jvmArgs, List<String> serverArgs)
			throws IOException, InterruptedException {
		return start(jar, plantFile, workDir, jvmArgs, serverArgs, null);
	}

	/** The same on another database ({@code datasourceUrl}, for example PostgreSQL); null: the H2 file in workDir. */
	static LineServerChild start(Path jar, Path plantFile, Path workDir, List<String> jvmArgs, List<String> serverArgs,
			String datasourceUrl) throws IOException, InterruptedException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("no line server jar at " + jar
					+ " (build it: ./mvnw -pl line-server -DskipTests package, or give --line-server-jar)");
		}
		int port = freePort();
		Path log = workDir.resolve("line-server.log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.address=127.0.0.1",
				"--server.port=" + port, "--andon.topology=file:" + plantFile.toAbsolutePath(),
				"--spring.datasource.url=" + (datasourceUrl != null ? datasourceUrl : "jdbc:h2:file:"
						+ workDir.resolve("data/andon").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE")));
		command.addAll(serverArgs);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		PRODUCTION_ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
		Process p = builder.start();
		LineServerChild child = new LineServerChild(p, port, log);
		child.awaitHealthy();
		return child;
	}

	private void awaitHealthy() throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the line server exited with code " + process.exitValue()
						+ " before it was up; see " + log + ":\n" + tail());
			}
			try {
				HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
						+ "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("the line server was not up within " + STARTUP.toSeconds() + " s; see " + log);
	}

	URI webSocket() {
		return URI.create("ws://127.0.0.1:" + port + "/ws");
	}

	long pid() {
		return process.pid();
	}

	Path log() {
		return log;
	}

	boolean alive() {
		return process.isAlive();
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

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
			// the hook runs anyway
		}
	}
}
