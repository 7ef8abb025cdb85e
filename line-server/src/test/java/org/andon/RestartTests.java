package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/** The line server restarted on the same H2 file keeps its state, its log and its memory of handled commands. */
class RestartTests {


	/** The database both servers share; the PostgreSQL variant of this test gives another. */
	protected String databaseUrl() throws Exception {
		Path dir = Files.createTempDirectory("andon-restart");
		return "jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0";
	}

	protected String databaseUser() {
		return "sa";
	}

	@Test
	void aRestartedServerKeepsStateLogAndIdempotency() throws Exception {
		String url = databaseUrl();
		Map<String, Object> receive = new LinkedHashMap<>(Map.of("commandId", UUID.randomUUID().toString(), "type",
				"RECEIVE", "stationId", "FRAME", "partSerial", "K-1"));
		long stopId;
		long lastSeq;
		try (ConfigurableApplicationContext first = start(url, databaseUser());
				StationSession frame = StationSession.station(port(first), "FRAME");
				StationSession weld = StationSession.station(port(first), "WELD")) {
			LineServerTestSupport.assertAccepted(frame.send(receive));
			LineServerTestSupport.assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial",
					"K-1"));
			JsonNode stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "MAINTENANCE");
			stopId = stop.path("seq").asLong();
			lastSeq = first.getBean(JdbcTemplate.class).queryForObject("select max(seq) from event_log", Long.class);
		}

		try (ConfigurableApplicationContext second = start(url, databaseUser());
				StationSession weld = StationSession.station(port(second), "WELD");
				StationSession paint = StationSession.station(port(second), "PAINT")) {
			JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("select count(*) from event_log", Long.class)).isEqualTo(lastSeq);
			JsonNode snapshot = paint.awaitPush("STATE", p -> p.path("data").has("state"));
			assertThat(snapshot.path("data").path("state").asString()).isEqualTo("HALTED");
			assertThat(snapshot.path("data").path("stops").get(0).path("id").asLong()).isEqualTo(stopId);

			// the part is still in transit to WELD, and the old RECEIVE is still remembered
			LineServerTestSupport.assertAccepted(weld.command("type", "ACCEPT", "stationId", "WELD", "partSerial",
					"K-1"));
			try (StationSession frame = StationSession.station(port(second), "FRAME")) {
				JsonNode again = frame.send(receive);
				assertThat(again.path("duplicate").asBoolean()).isTrue();
			}
			try (StationSession lead = StationSession.person(port(second), "lead", "FA1")) {
				JsonNode resume = lead.command("type", "RESUME", "stopId", stopId);
				LineServerTestSupport.assertAccepted(resume);
				assertThat(resume.path("seq").asLong()).as("the sequence continues without a gap")
					.isEqualTo(lastSeq + 2);
			}
			paint.awaitPush("RESUME", p -> p.path("data").path("stopId").asLong() == stopId);
		}
		assertThat(org.andon.log.VerifyLogCommand.run(new String[] { "verify-log", "--url=" + url,
				"--user=" + databaseUser() })).isZero();
	}

	static ConfigurableApplicationContext start(String url, String user) {
		return new SpringApplicationBuilder(LineServerApplication.class)
			.run("--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=" + user);
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}
}
