package org.andon;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarm discipline on the demo plant, over the real protocol with a clock the test moves: a shelved call pages
 * nobody until its shelf expires by itself; a shelved call that turns into a stop pages at once; a station out of
 * service keeps its calls quiet until it returns; only leads do any of it, and every start and end is logged.
 */
@Import(MorningClock.class)
class AlarmDisciplineTests extends LineServerTestSupport {

	@DynamicPropertySource
	static void fastTicks(DynamicPropertyRegistry registry) {
		registry.add("andon.escalation.tick", () -> "50ms");
	}

	@Autowired
	MutableClock clock;

	@Test
	void aShelvedCallPagesNobodyUntilTheShelfExpiresByItself() throws Exception {
		StationSession lead = person("lead");
		assertRejected(station("WELD").command("type", "SHELVE", "stationId", "WELD", "callType", "material",
				"minutes", 1, "note", "x"), "FORBIDDEN");
		assertRejected(person("quality").command("type", "SHELVE", "stationId", "WELD", "callType", "material",
				"minutes", 1, "note", "x"), "FORBIDDEN");
		assertRejected(lead.command("type", "SHELVE", "stationId", "WELD", "callType", "safety", "minutes", 5, "note",
				"x"), "ALARM_NOT_SHELVABLE");
		assertRejected(lead.command("type", "SHELVE", "stationId", "WELD", "callType", "stop", "minutes", 5, "note",
				"x"), "UNKNOWN_CALL_TYPE");
		assertRejected(lead.command("type", "SHELVE", "stationId", "WELD", "callType", "material", "minutes", 5),
				"MISSING_FIELD");
		assertRejected(lead.command("type", "SHELVE", "stationId", "WELD", "callType", "material", "minutes", 9999,
				"note", "x"), "INVALID_FIELD");

		JsonNode shelved = lead.command("type", "SHELVE", "stationId", "WELD", "callType", "material", "minutes", 1,
				"note", "wire feeder known empty, handler on the way");
		assertAccepted(shelved);
		assertRejected(lead.command("type", "SHELVE", "stationId", "WELD", "callType", "material", "minutes", 1,
				"note", "again"), "ALARM_ALREADY_SUPPRESSED");
		JsonNode call = station("WELD").command("type", "CALL", "stationId", "WELD", "callType", "material");
		assertAccepted(call);
		long incident = call.path("seq").asLong();
		assertThat(jdbc.queryForObject("select suppressed_by from incident where id = ?", Long.class, incident))
			.isEqualTo(shelved.path("seq").asLong());
		assertThat(pagesOf(incident)).as("a shelved call pages nobody").isZero();
		assertThat(jdbc.queryForObject("select payload from event_log where seq = ?", String.class, incident))
			.contains("shelved by lead");

		clock.advance(Duration.ofSeconds(61));
		await().untilAsserted(() -> assertThat(pagesOf(incident)).as("it comes back by itself").isPositive());
		assertThat(jdbc.queryForObject("select suppressed_by from incident where id = ?", Long.class, incident))
			.isNull();
		assertThat(jdbc.queryForObject("select actor || ': ' || payload from event_log where type = "
				+ "'ALARM_UNSHELVED'", String.class)).startsWith("andon: ").contains("time is up");
		assertThat(jdbc.queryForObject("select ended_by from alarm_suppression where id = ?", String.class,
				shelved.path("seq").asLong())).isEqualTo("andon");
		assertAccepted(person("handler").command("type", "CONTAIN", "incidentId", incident));
	}

	@Test
	void shelvingNeverHidesAStop() throws Exception {
		StationSession lead = person("lead");
		assertAccepted(lead.command("type", "SHELVE", "stationId", "PAINT", "callType", "maintenance", "minutes", 30,
				"note", "sensor flapping, fix planned"));
		JsonNode call = station("PAINT").command("type", "CALL", "stationId", "PAINT", "callType", "maintenance");
		long incident = call.path("seq").asLong();
		assertThat(pagesOf(incident)).isZero();
		// PAINT's cycle is 90 s: the call not contained by then stops the line, and a stop always pages
		clock.advance(Duration.ofSeconds(91));
		await().untilAsserted(() -> assertThat(jdbc.queryForObject("select stop_id is not null from incident "
				+ "where id = ?", Boolean.class, incident)).isTrue());
		await().untilAsserted(() -> assertThat(pagesOf(incident)).isPositive());
		// a plain STOP at a station with a shelved alarm pages as always
		long stop = station("PAINT").command("type", "STOP", "stationId", "PAINT", "reason", "SAFETY").path("seq")
			.asLong();
		long stopIncident = jdbc.queryForObject("select id from incident where stop_id = ?", Long.class, stop);
		assertThat(pagesOf(stopIncident)).isPositive();
		assertAccepted(lead.command("type", "UNSHELVE", "stationId", "PAINT", "callType", "maintenance", "note",
				"sensor replaced"));
		assertRejected(lead.command("type", "UNSHELVE", "stationId", "PAINT", "callType", "maintenance"),
				"ALARM_NOT_SUPPRESSED");
		StationSession admin = person("admin");
		for (long id : jdbc.queryForList("select id from line_stop where ended_at is null", Long.class)) {
			assertAccepted(admin.command("type", "RESUME", "stopId", id));
		}
	}

	@Test
	void aStationOutOfServiceKeepsItsCallsQuietUntilItReturnsAndTheReviewShowsIt() throws Exception {
		StationSession lead = person("lead");
		assertRejected(lead.command("type", "TAKE_OUT_OF_SERVICE", "stationId", "ASSY"), "MISSING_FIELD");
		assertAccepted(lead.command("type", "TAKE_OUT_OF_SERVICE", "stationId", "ASSY", "note",
				"fixture rebuild this morning"));
		JsonNode call = station("ASSY").command("type", "CALL", "stationId", "ASSY", "callType", "help");
		long incident = call.path("seq").asLong();
		assertThat(pagesOf(incident)).isZero();
		JsonNode board = Http.get(port, "lead", "/api/alarms?line=FA1");
		assertThat(board.path("suppressions").toString()).contains("OUT_OF_SERVICE", "fixture rebuild");

		assertAccepted(lead.command("type", "RETURN_TO_SERVICE", "stationId", "ASSY", "note", "fixture back"));
		assertThat(pagesOf(incident)).as("the quiet call pages once the station is back").isPositive();
		assertRejected(lead.command("type", "RETURN_TO_SERVICE", "stationId", "ASSY"), "ALARM_NOT_SUPPRESSED");
		JsonNode page = Http.get(port, "quality", "/api/quality/stations/ASSY");
		assertThat(page.path("alarmSuppressions").get(0).path("kind").asString()).isEqualTo("OUT_OF_SERVICE");
		assertThat(page.path("alarmSuppressions").get(0).path("endedBy").asString()).isEqualTo("lead");
		assertThat(Http.text(port, "/actuator/prometheus")).contains(
				"andon_alarm_suppressions_total{kind=\"out_of_service\",line=\"FA1\"} 1.0",
				"andon_stations_out_of_service{line=\"FA1\"} 0.0");
		assertAccepted(lead.command("type", "RESOLVE", "incidentId", incident, "cause", "c", "countermeasure", "m"));
	}

	private long pagesOf(long incident) {
		return jdbc.queryForObject("select count(*) from page where incident_id = ? and status <> 'BUNDLED'",
				Long.class, incident);
	}
}
