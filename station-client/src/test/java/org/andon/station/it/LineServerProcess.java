package org.andon.station.it;

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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The real line server, run from its executable jar as a separate process on its own H2 file (or on the database its
 * settings name), so a test can kill it (as a power cut or a crash would) and start it again on the same database.
 */
public final class LineServerProcess implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private static LineServerProcess shared;

	private final Path dataDir;
	private final int port;
	private final List<String> settings;
	private Process process;
	private int starts;

	private LineServerProcess(Path dataDir, int port, List<String> settings) {
		this.dataDir = dataDir;
		this.port = port;
		this.settings = List.copyOf(settings);
	}

	/** A server on a fresh H2 file in {@code dataDir} and a free port, up and healthy. */
	public static LineServerProcess start(Path dataDir) {
		return start(dataDir, List.of("--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("andon")
			.toAbsolutePath() + ";WRITE_DELAY=0"));
	}

	/**
	 * A server on a free port with these {@code --name=value} settings (the database among them), up and healthy;
	 * its output goes to {@code dataDir}.
	 */
	public static LineServerProcess start(Path dataDir, List<String> settings) {
		LineServerProcess server = new LineServerProcess(dataDir, freePort(), settings);
		server.startAgain();
		return server;
	}

	/** One server for the test classes that do not stop it; killed when the test JVM exits. */
	public static synchronized LineServerProcess shared() {
		if (shared == null) {
			try {
				shared = start(Files.createTempDirectory("andon-shared-server"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			LineServerProcess s = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				s.kill();
				deleteQuietly(s.dataDir);
			}));
		}
		return shared;
	}

	public static Path jar() {
		Path jar = Path.of(System.getProperty("andon.lineServerJar", "../line-server/target/line-server.jar"));
		if (!Files.isRegularFile(jar)) {
			fail("The line server's jar is missing at " + jar.toAbsolutePath() + ". These tests run the real server: "
					+ "build it first with ./mvnw -pl line-server -DskipTests package (./mvnw verify from the root "
					+ "builds it before the station client's tests).");
		}
		return jar;
	}

	/** Starts the server on the same port and database (after {@link #kill()}) and waits until it is healthy. */
	public void startAgain() {
		if (process != null && process.isAlive()) {
			throw new IllegalStateException("the server is still running");
		}
		Path log = dataDir.resolve("server-" + (++starts) + ".log");
		List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Xmx384m", "-jar", jar().toAbsolutePath().toString(), "--server.port=" + port));
		cmd.addAll(settings);
		cmd.addAll(List.of("--logging.level.root=WARN", "--logging.level.org.springframework.boot=INFO"));
		try {
			process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Process p = process;
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(150)).until(() -> {
			if (!p.isAlive()) {
				fail("the line server exited with " + p.exitValue() + " during start-up; its output:\n"
						+ Files.readString(log));
			}
			return healthy();
		});
	}

	private boolean healthy() {
		try {
			HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(http("/actuator/health")))
				.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
			return r.statusCode() == 200 && r.body().contains("UP");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
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

	/** What the server wrote to its console in its latest run (WARN and above, and Spring Boot's start-up lines). */
	public String output() {
		try {
			return Files.readString(dataDir.resolve("server-" + starts + ".log"));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	public int port() {
		return port;
	}

	public URI ws() {
		return URI.create("ws://127.0.0.1:" + port + "/ws");
	}

	String http(String path) {
		return "http://127.0.0.1:" + port + path;
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

	public JsonNode get(String path) {
		String basic = Base64.getEncoder().encodeToString("lead:demo".getBytes(StandardCharsets.UTF_8));
		try {
			HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(http(path)))
				.header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 200) {
				fail("GET " + path + " answered " + r.statusCode() + ": " + r.body());
			}
			return JSON.readTree(r.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		kill();
	}

	static void deleteQuietly(Path dir) {
		try (var walk = Files.walk(dir)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a temp folder left behind is no reason to fail a test
		}
	}

	static int freePort() {
		try (ServerSocket s = new ServerSocket(0)) {
			s.setReuseAddress(true);
			return s.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}
}
