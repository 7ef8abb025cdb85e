package org.andon;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Acknowledged means durable": the line server runs in its own JVM, a station streams commands at it, and the
 * process is killed with SIGKILL while commands are in flight. Every command that got an ACCEPTED result must be in
 * the H2 file afterwards, and the hash chain must be intact.
 */
class CrashDurabilityTests {

	@Test
	void everyAcknowledgedCommandSurvivesKillDashNine() throws Exception {
		Path dir = Files.createTempDirectory("andon-crash");
		String url = "jdbc:h2:file:" + dir.resolve("andon");
		int port;
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		Process server = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
				LineServerApplication.class.getName(), "--server.port=" + port,
				"--spring.datasource.url=" + url + ";WRITE_DELAY=0", "--logging.level.root=WARN",
				// the station here sends as fast as it is answered and never resends: no station client, and not
				// what this test is about (the share: AccessTests)
				"--andon.protocol.sender-commands-per-second=100000")
			.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
		Set<String> acknowledged = new HashSet<>();
		try {
			HttpClient http = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
				.until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
						+ "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
			try (StationSession frame = StationSession.station(port, "FRAME")) {
				int sent = 0;
				while (acknowledged.size() < 300) {
					for (int i = 0; i < 20; i++) {
						frame.pipeline("type", "RECEIVE", "stationId", "FRAME", "partSerial", "KILL-" + sent++);
					}
					for (JsonNode r : frame.takeResults(10)) {
						if ("ACCEPTED".equals(r.path("status").asString())) {
							acknowledged.add(r.path("commandId").asString());
						}
					}
				}
				// Commands are still in flight when the process dies.
				for (int i = 0; i < 50; i++) {
					frame.pipeline("type", "RECEIVE", "stationId", "FRAME", "partSerial", "KILL-" + sent++);
				}
				server.destroyForcibly();
				assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
				for (JsonNode r : List.copyOf(frame.results)) {
					if ("ACCEPTED".equals(r.path("status").asString())) {
						acknowledged.add(r.path("commandId").asString());
					}
				}
			}
		}
		finally {
			server.destroyForcibly();
			server.waitFor(30, TimeUnit.SECONDS);
		}

		Set<String> logged = new HashSet<>();
		try (Connection c = DriverManager.getConnection(url, "sa", "");
				var rs = c.createStatement().executeQuery("select command_id from event_log")) {
			while (rs.next()) {
				logged.add(rs.getString(1));
			}
		}
		assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
		assertThat(logged).containsAll(acknowledged);
		assertThat(org.andon.log.VerifyLogCommand.run(new String[] { "--url=" + url })).isZero();
	}

	private static String javaBin() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}
}
