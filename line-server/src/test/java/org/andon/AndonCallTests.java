package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pull calls for help first (yellow) and stops the line at the fixed position only if nobody contains it in time.
 * Real STOMP sessions, a real HTTP receiver per team, and a clock the test moves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@Import(MorningClock.class)
class AndonCallTests {

	static final Instant MORNING = MorningClock.MORNING;

	static PageReceiver receiver;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void plant(DynamicPropertyRegistry registry) throws Exception {
		receiver = new PageReceiver(Map.of("/maintenance", CallPlant.SECRET, "/material", CallPlant.SECRET));
		Path dir = Files.createTempDirectory("andon-calls");
		Path plant = CallPlant.write(dir, receiver.port());
		registry.add("andon.topology", () -> "file:" + plant);
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0");
		registry.add("andon.escalation.tick", () -> "50ms");
		registry.add("andon.paging.poll", () -> "50ms");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void closeEverything() throws Exception {
		List<Long> open = jdbc.queryForList("select id from incident where status <> 'RESOLVED'", Long.class);
		try (StationSession admin = StationSession.person(port, "admin", "FA1")) {
			for (long id : open) {
				LineServerTestSupport.assertAccepted(admin.command("type", "RESOLVE", "incidentId", id, "cause",
						"test over", "countermeasure", "none"));
			}
		}
		assertThat(states().values()).containsOnly("RUNNING");
	}

	@Test
	void aCallContainedInsideItsWindowNeverStopsTheLine() throws Exception {
		try (StationSession weld = StationSession.station(port, "WELD");
				StationSession tech = StationSession.person(port, "tech1", "FA1")) {
			long call = call(weld, "WELD", "maintenance");
			weld.awaitPush("STATE", p -> "CALLING".equals(p.path("data").path("to").asString()));
			assertThat(states()).containsEntry("WELD", "CALLING").containsEntry("PAINT", "RUNNING");

			clock.advance(Duration.ofSeconds(80)); // the window is WELD's cycle time, 90 s
			LineServerTestSupport.assertAccepted(tech.command("type", "ACKNOWLEDGE", "incidentId", call, "note",
					"on my way"));
			LineServerTestSupport.assertAccepted(tech.command("type", "CONTAIN", "incidentId", call, "note",
					"sensor cleaned"));
			assertThat(states()).containsEntry("WELD", "RUNNING");

			clock.advance(Duration.ofMinutes(10));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
				.until(() -> jdbc.queryForObject("select count(*) from line_stop", Long.class) == 0);
			assertThat(jdbc.queryForObject("select contained from incident where id = ?", Boolean.class, call))
				.isTrue();
			LineServerTestSupport.assertRejected(tech.command("type", "CONTAIN", "incidentId", call),
					"NOT_AN_OPEN_CALL");
		}
	}

	@Test
	void aCallLeftAloneStopsTheLineAtTheEndOfItsWindowHaltingExactlyTheStationsDownstream() throws Exception {
		try (StationSession weld = StationSession.station(port, "WELD");
				StationSession paint = StationSession.station(port, "PAINT")) {
			long call = call(weld, "WELD", "maintenance");
			clock.advance(Duration.ofSeconds(89));
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
				.until(() -> states().get("WELD").equals("CALLING"));

			clock.advance(Duration.ofSeconds(1));
			JsonNode halt = paint.awaitPush("HALT", p -> p.path("data").path("stoppedStation").asString()
				.equals("WELD"));
			long stopId = halt.path("data").path("stopId").asLong();
			assertThat(states()).containsEntry("FRAME", "RUNNING").containsEntry("WELD", "STOPPED")
				.containsEntry("PAINT", "HALTED").containsEntry("PACK", "HALTED");
			JsonNode started = StationSession.JSON.readTree(jdbc.queryForObject(
					"select payload from event_log where seq = ?", String.class, stopId));
			assertThat(started.path("fromCall").asLong()).isEqualTo(call);
			assertThat(started.path("automatic").asBoolean()).isTrue();
			assertThat(started.path("reason").asString()).isEqualTo("MAINTENANCE");
			assertThat(started.path("note").asString()).contains("not contained in time");
			assertThat(jdbc.queryForObject("select count(*) from line_stop", Long.class)).isEqualTo(1);
			assertThat(jdbc.queryForObject("select stop_id from incident where id = ?", Long.class, call))
				.isEqualTo(stopId);
			assertThat(jdbc.queryForObject("select count(*) from incident", Long.class))
				.as("the call that became a stop keeps its own incident").isEqualTo(incidentsBefore + 1);
		}
	}

	@Test
	void aSafetyCallConfiguredToStopAtOnceHaltsDownstreamImmediately() throws Exception {
		try (StationSession paint = StationSession.station(port, "PAINT");
				StationSession pack = StationSession.station(port, "PACK")) {
			JsonNode result = paint.command("type", "CALL", "stationId", "PAINT", "callType", "safety", "note",
					"guard door open");
			LineServerTestSupport.assertAccepted(result);
			pack.awaitPush("HALT", p -> p.path("data").path("stoppedStation").asString().equals("PAINT"));
			assertThat(states()).containsEntry("PAINT", "STOPPED").containsEntry("PACK", "HALTED")
				.containsEntry("WELD", "RUNNING");
			assertThat(jdbc.queryForObject("select reason from line_stop where station_id = 'PAINT' and ended_at is null",
					String.class)).isEqualTo("SAFETY");
		}
	}

	@Test
	void aMaintenanceCallPagesTheMaintenanceTeamAndItsChainNotTheMaterialTeam() throws Exception {
		try (StationSession frame = StationSession.station(port, "FRAME");
				StationSession lead = StationSession.person(port, "lead", "FA1");
				StationSession tech = StationSession.person(port, "tech1", "FA1")) {
			long call = call(frame, "FRAME", "maintenance");
			await().untilAsserted(() -> assertThat(hooks("/maintenance", call)).hasSize(1));
			JsonNode first = StationSession.JSON.readTree(hooks("/maintenance", call).get(0).body());
			assertThat(first.path("incident").path("paged").valueStream().map(JsonNode::asString))
				.containsExactly("tech1");
			await().untilAsserted(() -> assertThat(tech.pages).isNotEmpty());
			await().untilAsserted(() -> assertThat(lead.pages).as("the shift lead hears of every call")
				.anySatisfy(p -> assertThat(p.path("incident").path("incidentId").asLong()).isEqualTo(call)));

			clock.advance(Duration.ofSeconds(59)); // still inside FRAME's 60 s window, after the 1 minute ack wait
			clock.advance(Duration.ofSeconds(1));
			await().untilAsserted(() -> assertThat(hooks("/maintenance", call)).hasSize(2));
			JsonNode second = StationSession.JSON.readTree(hooks("/maintenance", call).get(1).body());
			assertThat(second.path("incident").path("levelName").asString()).isEqualTo("maintenance supervisor");
			assertThat(second.path("incident").path("paged").valueStream().map(JsonNode::asString))
				.containsExactly("msuper");
			assertThat(receiver.at("/material")).isEmpty();

			JsonNode summary = Http.get(port, "lead", "/api/calls/summary?line=FA1");
			assertThat(summary.path("byType").valueStream().map(t -> t.path("type").asString()))
				.contains("MAINTENANCE");
		}
	}

	private long incidentsBefore;

	private long call(StationSession station, String id, String type) throws Exception {
		incidentsBefore = jdbc.queryForObject("select count(*) from incident", Long.class);
		JsonNode result = station.command("type", "CALL", "stationId", id, "callType", type, "note", "help at " + id);
		LineServerTestSupport.assertAccepted(result);
		return result.path("seq").asLong();
	}

	private List<PageReceiver.Received> hooks(String path, long incident) {
		return receiver.at(path).stream().filter(r -> r.pageId().startsWith("incident/" + incident + "/")).toList();
	}

	private Map<String, String> states() {
		Map<String, String> states = new java.util.HashMap<>(Map.of("FRAME", "RUNNING", "WELD", "RUNNING", "PAINT",
				"RUNNING", "PACK", "RUNNING"));
		jdbc.query("select station_id, state from station_status", rs -> {
			states.put(rs.getString(1), rs.getString(2));
		});
		return states;
	}

	/** Timers are stored: a call that ran out while the server was down becomes exactly one stop after it. */
	@Test
	void aServerRestartWithAnOverdueCallProducesExactlyOneAutomaticStop() throws Exception {
		Path dir = Files.createTempDirectory("andon-call-restart");
		MutableClock own = new MutableClock(MORNING);
		Path plant = CallPlant.write(dir, receiver.port());
		long call;
		try (ConfigurableApplicationContext first = EscalationRestartTests.start(dir, plant, own);
				StationSession weld = StationSession.station(RestartTests.port(first), "WELD")) {
			call = weld.command("type", "CALL", "stationId", "WELD", "callType", "material").path("seq").asLong();
		}
		own.advance(Duration.ofMinutes(6)); // material calls have 300 s
		try (ConfigurableApplicationContext second = EscalationRestartTests.start(dir, plant, own)) {
			JdbcTemplate db = second.getBean(JdbcTemplate.class);
			await().untilAsserted(() -> assertThat(db.queryForObject("select count(*) from line_stop", Long.class))
				.isEqualTo(1));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
				.until(() -> db.queryForObject("select count(*) from line_stop", Long.class) == 1);
			assertThat(db.queryForObject("select count(*) from event_log where type = 'STOP_STARTED' and payload like ?",
					Long.class, "%\"fromCall\":" + call + ",%")).isEqualTo(1);
			assertThat(db.queryForObject("select state from station_status where station_id = 'PAINT'", String.class))
				.isEqualTo("HALTED");
		}
	}
}
