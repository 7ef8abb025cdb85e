package org.andon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real line server, run from its executable jar as a child process on a port of its own, the way systemd runs
 * it. Started, it has answered {@code /actuator/health} with UP. {@link #kill()} ends it as a crash or a pulled plug
 * would (SIGKILL), {@link #startAgain()} starts it again on the same port and database, {@link #close()} stops it with
 * SIGTERM (a graceful shutdown that closes an H2 file) and waits for it to exit.
 */
public final class LineServerProcess implements AutoCloseable {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** Only makes startup cheaper in tests (no C2 compiler threads competing for 2 cores); not a production flag. */
	public static final String FAST_START = "-XX:TieredStopAtLevel=1";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private static LineServerProcess shared;

	private final Launch launch;
	private final Thread reaper;
	private Process process;
	private int starts;

	private LineServerProcess(Launch launch) {
		this.launch = launch;
		// never leave a line server behind if this JVM is stopped half-way
		this.reaper = new Thread(this::destroyForcibly, "line-server-reaper");
		Runtime.getRuntime().addShutdownHook(reaper);
	}

	/** The jar to run: {@code -Dandon.lineServerJar} or {@code -Dandon.line-server.jar}, else the reactor's. */
	public static Path jar() {
		String named = System.getProperty("andon.lineServerJar", System.getProperty("andon.line-server.jar",
				"../line-server/target/line-server.jar"));
		Path jar = Path.of(named).toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The line server's jar is missing at " + jar + ". This runs the real "
					+ "server: build it first with ./mvnw -pl line-server -am -DskipTests package (./mvnw verify from the "
					+ "root builds it before the modules that need it).");
		}
		return jar;
	}

	/** How to start one: the jar, JVM options, settings, environment, folder, port, log. */
	public static Launch launch(Path jar) {
		return Launch.of(jar);
	}

	/** A server on a fresh H2 file in {@code dataDir} and a free port, up and healthy; its output in that folder. */
	public static LineServerProcess start(Path dataDir) {
		return start(dataDir, List.of("--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("andon")
			.toAbsolutePath() + ";WRITE_DELAY=0"));
	}

	/**
	 * A server on a free port with these {@code --name=value} settings (the database among them), up and healthy;
	 * its output goes to {@code dataDir/server-N.log}, one file per start, WARN and above plus Spring Boot's lines.
	 */
	public static LineServerProcess start(Path dataDir, List<String> settings) {
		List<String> all = new ArrayList<>(settings);
		all.addAll(List.of("--logging.level.root=WARN", "--logging.level.org.springframework.boot=INFO"));
		return launch(jar()).jvmOptions(List.of(FAST_START, "-XX:+UseSerialGC", "-Xmx384m")).settings(all)
			.directory(dataDir).start();
	}

	/** A line server on an H2 file database at {@code database} (a path without .mv.db); its output to {@code log}. */
	public static LineServerProcess startOnH2(Path database, Path log) {
		return launch(jar()).jvmOptions(List.of(FAST_START, "-Xmx512m"))
			.settings(List.of("--spring.datasource.url=jdbc:h2:file:" + database + ";WRITE_DELAY=0"))
			.directory(log.getParent()).log(log.getFileName().toString()).start();
	}

	/**
	 * Runs exactly {@code command} (an installed unit's command line, say) in {@code workingDirectory} with
	 * {@code env} added to the environment, its output appended to {@code log}, and waits until it is healthy on
	 * {@code port}.
	 */
	public static LineServerProcess start(List<String> command, Path workingDirectory, Map<String, String> env,
			int port, Path log) {
		return Launch.of(command, port).directory(workingDirectory).environment(env).log(log.toAbsolutePath().toString())
			.start();
	}

	/** One server for the test classes that do not stop it; killed when this JVM exits. */
	public static synchronized LineServerProcess shared() {
		if (shared == null) {
			Path dir;
			try {
				dir = Files.createTempDirectory("andon-shared-server");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			LineServerProcess s = start(dir);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				s.kill();
				deleteQuietly(dir);
			}));
			shared = s;
		}
		return shared;
	}

	static LineServerProcess started(Launch launch) {
		LineServerProcess server = new LineServerProcess(launch);
		server.startAgain();
		return server;
	}

	/** Starts the server on the same port and database (after {@link #kill()}) and waits until it is healthy. */
	public synchronized void startAgain() {
		if (process != null && process.isAlive()) {
			throw new IllegalStateException("the line server is still running");
		}
		starts++;
		Path log = launch.log(starts);
		ProcessBuilder builder = new ProcessBuilder(launch.command()).directory(launch.directory().toFile())
			.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(launch.environment());
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitHealthy(launch.startup());
	}

	private void awaitHealthy(Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		try {
			while (!healthy()) {
				// waits for the process to end, so an early exit is seen at once and a live one is asked again
				if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("the line server exited with code " + process.exitValue()
							+ " before it was healthy; the end of its output (" + logFile() + "):\n" + tail());
				}
				if (System.nanoTime() > deadline) {
					close();
					throw new IllegalStateException("the line server was not healthy on port " + port() + " within "
							+ within + "; the end of its output (" + logFile() + "):\n" + tail());
				}
			}
		}
		catch (InterruptedException ex) {
			destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the line server started", ex);
		}
	}

	private boolean healthy() {
		try {
			HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
					+ launch.healthPort() + "/actuator/health"))
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

	public int port() {
		return launch.port();
	}

	public long pid() {
		return process.pid();
	}

	public boolean alive() {
		return process != null && process.isAlive();
	}

	/** The STOMP endpoint. */
	public URI ws() {
		return URI.create("ws://127.0.0.1:" + port() + "/ws");
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	/** GET {@code path} as {@code user} with the demo password (null: anonymous); the body, or an AssertionError. */
	public String get(String path, String user) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
		}
		try {
			HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 200) {
				throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
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

	/** GET {@code path} as the shift lead, read as JSON. */
	public JsonNode get(String path) {
		return JSON.readTree(get(path, "lead"));
	}

	/** The line's event log after {@code since}, as the shift lead reads it over the REST API. */
	public List<JsonNode> log(String line, long since) {
		List<JsonNode> all = new ArrayList<>();
		long after = since;
		while (true) {
			JsonNode page = get("/api/log?line=" + line + "&since=" + after + "&limit=500");
			page.forEach(all::add);
			if (page.size() < 500) {
				return all;
			}
			after = page.get(page.size() - 1).get("seq").asLong();
		}
	}

	/** The file the latest run writes its output to. */
	public Path logFile() {
		return launch.log(starts);
	}

	/** What the server wrote to its console in its latest run. */
	public String output() {
		try {
			return Files.readString(logFile());
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/** The last 40 lines of {@link #output()}. */
	public String tail() {
		List<String> lines = output().lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	/**
	 * Kills the process at once, as a crash or a pulled plug would (no graceful shutdown): on Linux
	 * {@code destroyForcibly} sends SIGKILL. Returns the exit status (137 = 128 + SIGKILL), or -1 if it never ran.
	 */
	public int kill() {
		if (process == null) {
			return -1;
		}
		process.destroyForcibly();
		try {
			return process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void destroyForcibly() {
		if (process != null) {
			process.destroyForcibly();
		}
	}

	/** SIGTERM, then up to 60 s for the graceful shutdown; SIGKILL only if that does not end it. */
	@Override
	public void close() {
		if (process != null) {
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
		}
		try {
			Runtime.getRuntime().removeShutdownHook(reaper);
		}
		catch (IllegalStateException shuttingDown) {
			// the JVM is already exiting: the hook runs anyway
		}
	}

	/** A free TCP port on the loopback address. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The java launcher of the JVM running this code. */
	public static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Deletes a folder and what is in it, as far as it can (a temp folder left behind fails nothing). */
	public static void deleteQuietly(Path dir) {
		try (var walk = Files.walk(dir)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a temp folder left behind is no reason to fail
		}
	}
}
