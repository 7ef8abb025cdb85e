package org.andon;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stop at a station halts exactly the stations downstream of it; only a lead (or higher) resumes. */
class StopTheLineTests extends LineServerTestSupport {

	@Test
	void stopAtMidLineStationHaltsExactlyTheDownstreamStationsAndALeadResumesThem() throws Exception {
		Map<String, StationSession> s = new java.util.LinkedHashMap<>();
		for (String id : List.of("FRAME", "WELD", "PAINT", "SEAT-CUT", "SEAT-SEW", "ASSY", "TEST", "PACK")) {
			s.put(id, station(id));
		}
		StationSession lead = person("lead");

		JsonNode stop = s.get("WELD").command("type", "STOP", "stationId", "WELD", "reason", "QUALITY",
				"defectCode", "WELD-POROSITY", "note", "porosity on three frames in a row");
		assertAccepted(stop);
		long stopId = stop.path("seq").asLong();

		for (String halted : List.of("PAINT", "ASSY", "TEST", "PACK")) {
			JsonNode halt = s.get(halted).awaitPush("HALT", p -> p.path("data").path("stopId").asLong() == stopId);
			assertThat(halt.path("data").path("stoppedStation").asString()).isEqualTo("WELD");
			assertThat(halt.path("data").path("reason").asString()).isEqualTo("QUALITY");
		}
		s.get("FRAME").awaitPush("CUSTOMER_STOPPED", p -> p.path("data").path("stopId").asLong() == stopId);
		s.get("WELD").awaitPush("STATE", p -> "STOPPED".equals(p.path("data").path("to").asString()));
		assertThat(states()).containsExactlyInAnyOrderEntriesOf(Map.of("FRAME", "RUNNING", "WELD", "STOPPED",
				"PAINT", "HALTED", "SEAT-CUT", "RUNNING", "SEAT-SEW", "RUNNING", "ASSY", "HALTED", "TEST", "HALTED",
				"PACK", "HALTED"));
		for (String untouched : List.of("FRAME", "SEAT-CUT", "SEAT-SEW")) {
			assertThat(s.get(untouched).pushTypes()).doesNotContain("HALT");
		}

		JsonNode workerResume = s.get("WELD").command("type", "RESUME", "stopId", stopId);
		assertRejected(workerResume, "FORBIDDEN");
		assertThat(states().get("PAINT")).isEqualTo("HALTED");

		// a quality stop: quality signs off, then the lead's RESUME gives the second key
		assertAccepted(person("quality").command("type", "SIGN_OFF", "stopId", stopId, "note", "seams checked"));
		assertAccepted(lead.command("type", "RESUME", "stopId", stopId, "note", "torch tip replaced"));
		for (String released : List.of("WELD", "PAINT", "ASSY", "TEST", "PACK")) {
			s.get(released).awaitPush("RESUME", p -> p.path("data").path("stopId").asLong() == stopId);
		}
		await().untilAsserted(() -> assertThat(states().values()).containsOnly("RUNNING"));
		assertRejected(lead.command("type", "RESUME", "stopId", stopId), "STOP_ALREADY_ENDED");
	}

	@Test
	void aStopOnTheFeederHaltsTheMergeStationAndEverythingAfterItButNotTheMainLineBeforeIt() throws Exception {
		StationSession seatCut = station("SEAT-CUT");
		StationSession paint = station("PAINT");
		JsonNode stop = seatCut.command("type", "STOP", "stationId", "SEAT-CUT", "reason", "MATERIAL");
		assertAccepted(stop);
		assertThat(states()).containsAllEntriesOf(Map.of("SEAT-CUT", "STOPPED", "SEAT-SEW", "HALTED", "ASSY",
				"HALTED", "TEST", "HALTED", "PACK", "HALTED", "PAINT", "RUNNING", "WELD", "RUNNING"));
		StationSession assy = station("ASSY");
		JsonNode snapshot = assy.awaitPush("STATE", p -> "HALTED".equals(p.path("data").path("state").asString()));
		assertThat(snapshot.path("data").path("stops").get(0).path("stationId").asString()).isEqualTo("SEAT-CUT");
		assertThat(paint.pushTypes()).doesNotContain("HALT", "CUSTOMER_STOPPED");
		assertAccepted(person("supervisor").command("type", "RESUME", "stopId", stop.path("seq").asLong()));
		await().untilAsserted(() -> assertThat(states().values()).containsOnly("RUNNING"));
	}

	@Test
	void aStationSignedInTwiceGetsItsHaltOnEverySession() throws Exception {
		StationSession tablet = station("PAINT");
		StationSession terminal = station("PAINT");
		long stop = station("WELD").command("type", "STOP", "stationId", "WELD", "reason", "QUALITY").path("seq")
			.asLong();
		tablet.awaitPush("HALT", p -> p.path("data").path("stopId").asLong() == stop);
		terminal.awaitPush("HALT", p -> p.path("data").path("stopId").asLong() == stop);
	}

	@Test
	void aStationStaysHaltedWhileAnyStopUpstreamOfItIsActive() throws Exception {
		StationSession weld = station("WELD");
		StationSession assy = station("ASSY");
		StationSession test = station("TEST");
		long first = weld.command("type", "STOP", "stationId", "WELD", "reason", "MAINTENANCE").path("seq").asLong();
		long second = assy.command("type", "STOP", "stationId", "ASSY", "reason", "SAFETY").path("seq").asLong();
		test.awaitPush("HALT", p -> p.path("data").path("stopId").asLong() == second);
		StationSession lead = person("lead");

		assertAccepted(lead.command("type", "RESUME", "stopId", first));
		assertThat(states()).containsAllEntriesOf(Map.of("WELD", "RUNNING", "PAINT", "RUNNING", "ASSY", "STOPPED",
				"TEST", "HALTED"));
		assertThat(test.pushTypes()).doesNotContain("RESUME");

		assertAccepted(lead.command("type", "RESUME", "stopId", second));
		test.awaitPush("RESUME", p -> p.path("data").path("stopId").asLong() == second);
		assertThat(states().get("TEST")).isEqualTo("RUNNING");
	}

	@Test
	void aLeadMayStopAStationOnItsBehalfButQualityStaffMayNot() throws Exception {
		assertRejected(person("quality").command("type", "STOP", "stationId", "TEST", "reason", "QUALITY"),
				"FORBIDDEN");
		JsonNode stop = person("lead").command("type", "STOP", "stationId", "TEST", "reason", "OTHER");
		assertAccepted(stop);
		assertThat(states().get("PACK")).isEqualTo("HALTED");
		assertAccepted(person("admin").command("type", "RESUME", "stopId", stop.path("seq").asLong()));
	}

	/** Leaves the line running for the next test, whatever this one did, through the real protocol. */
	@org.junit.jupiter.api.AfterEach
	void resumeWhatIsLeft() throws Exception {
		List<Long> active = jdbc.queryForList("select id from line_stop where ended_at is null", Long.class);
		if (!active.isEmpty()) {
			StationSession admin = person("admin");
			StationSession quality = person("quality");
			for (long id : jdbc.queryForList("select id from line_stop where ended_at is null and reason = 'QUALITY'",
					Long.class)) {
				assertAccepted(quality.command("type", "SIGN_OFF", "stopId", id));
			}
			for (long id : active) {
				assertAccepted(admin.command("type", "RESUME", "stopId", id));
			}
		}
	}

	private Map<String, String> states() {
		Map<String, String> states = new java.util.HashMap<>(Map.of("FRAME", "RUNNING", "WELD", "RUNNING", "PAINT",
				"RUNNING", "SEAT-CUT", "RUNNING", "SEAT-SEW", "RUNNING", "ASSY", "RUNNING", "TEST", "RUNNING", "PACK",
				"RUNNING"));
		jdbc.query("select station_id, state from station_status", rs -> {
			states.put(rs.getString(1), rs.getString(2));
		});
		return states;
	}
}
