package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real line server on a random port with the demo plant, on its own H2 file in a fresh folder (a new one for every
 * test class), and real STOMP sessions to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class LineServerTestSupport {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final java.util.List<StationSession> sessions = new java.util.ArrayList<>();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("andon-test");
		// A subclass may put the same scenarios on another database by registering andon.test.datasource-url.
		registry.add("spring.datasource.url", () -> "${andon.test.datasource-url:jdbc:h2:file:" + dir.resolve("andon")
				+ ";WRITE_DELAY=0}");
		registry.add("spring.datasource.username", () -> "${andon.test.datasource-user:sa}");
	}

	@BeforeEach
	void noSessionsYet() {
		sessions.clear();
	}

	@AfterEach
	void closeSessions() {
		sessions.forEach(StationSession::close);
	}

	StationSession station(String id) throws Exception {
		StationSession s = StationSession.station(port, id);
		sessions.add(s);
		return s;
	}

	StationSession person(String username) throws Exception {
		StationSession s = StationSession.person(port, username, "FA1");
		sessions.add(s);
		return s;
	}

	long logSize() {
		return jdbc.queryForObject("select count(*) from event_log", Long.class);
	}

	static void assertAccepted(JsonNode result) {
		assertThat(result.path("status").asString()).as(result.toString()).isEqualTo("ACCEPTED");
	}

	static void assertRejected(JsonNode result, String code) {
		assertThat(result.path("status").asString()).as(result.toString()).isEqualTo("REJECTED");
		assertThat(result.path("code").asString()).as(result.toString()).isEqualTo(code);
		assertThat(result.path("message").asString()).isNotBlank();
	}
}
