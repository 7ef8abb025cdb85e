package org.andon;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/** Don't accept, don't make, don't pass: enforced by the server over the real protocol. */
class ThreeNoRulesTests extends LineServerTestSupport {

	@Test
	void aRejectIsLoggedAgainstTheHandOffAndTheSupplierIsToldWhichCustomerRejectedWhichPartAndWhy() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "R-1"));
		assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "R-1"));
		weld.awaitPush("PART_INCOMING", p -> "R-1".equals(p.path("partSerial").asString()));

		JsonNode reject = weld.command("type", "REJECT", "stationId", "WELD", "partSerial", "R-1", "defectCode",
				"SCRATCH", "note", "deep scratch on the left rail");
		assertAccepted(reject);

		JsonNode told = frame.awaitPush("PART_REJECTED", p -> "R-1".equals(p.path("partSerial").asString()));
		assertThat(told.path("data").path("customer").asString()).isEqualTo("WELD");
		assertThat(told.path("data").path("defectCode").asString()).isEqualTo("SCRATCH");
		assertThat(told.path("data").path("note").asString()).isEqualTo("deep scratch on the left rail");
		assertThat(told.path("seq").asLong()).isEqualTo(reject.path("seq").asLong());
		assertThat(jdbc.queryForObject("select decision || ':' || defect_code from hand_off where part_serial = 'R-1'",
				String.class)).isEqualTo("REJECTED:SCRATCH");
		assertThat(jdbc.queryForObject("select holder_station from part where serial = 'R-1'", String.class))
			.as("a rejected part goes back to its supplier").isEqualTo("FRAME");
	}

	@Test
	void aPartWithAnOpenDefectCannotBePassedAndTheBlockedAttemptIsLogged() throws Exception {
		StationSession frame = station("FRAME");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "D-1"));
		assertAccepted(frame.command("type", "REPORT_DEFECT", "stationId", "FRAME", "partSerial", "D-1",
				"defectCode", "MISSING-PART"));
		long before = logSize();

		JsonNode pass = frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "D-1");
		assertRejected(pass, "PART_HAS_OPEN_DEFECT");
		assertThat(pass.path("seq").asLong()).as("the blocked attempt is in the log").isEqualTo(before + 1);
		assertThat(logSize()).isEqualTo(before + 1);
		assertThat(jdbc.queryForObject("select type from event_log where seq = ?", String.class, before + 1))
			.isEqualTo("PASS_BLOCKED");
		assertThat(jdbc.queryForObject("select decision || ':' || blocked_because from hand_off "
				+ "where part_serial = 'D-1'", String.class)).isEqualTo("BLOCKED:PART_HAS_OPEN_DEFECT");

		assertAccepted(frame.command("type", "CLEAR_DEFECT", "stationId", "FRAME", "partSerial", "D-1",
				"resolution", "REWORKED"));
		assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "D-1"));
	}

	@Test
	void aHaltedStationCannotPassAndAStoppedOneCannotEither() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		StationSession paint = station("PAINT");
		moveTo("H-1", frame, weld);
		assertAccepted(weld.command("type", "PASS", "stationId", "WELD", "partSerial", "H-1"));
		assertAccepted(paint.command("type", "ACCEPT", "stationId", "PAINT", "partSerial", "H-1"));
		moveTo("H-2", frame, weld);

		JsonNode stop = frame.command("type", "STOP", "stationId", "FRAME", "reason", "SAFETY");
		assertAccepted(stop);
		assertRejected(weld.command("type", "PASS", "stationId", "WELD", "partSerial", "H-2"), "STATION_HALTED");
		assertRejected(paint.command("type", "PASS", "stationId", "PAINT", "partSerial", "H-1"), "STATION_HALTED");
		assertRejected(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "H-3"),
				"STATION_STOPPED");
		assertThat(jdbc.queryForObject("select count(*) from hand_off where decision = 'BLOCKED' "
				+ "and blocked_because = 'STATION_HALTED'", Long.class)).isEqualTo(2);

		assertAccepted(person("lead").command("type", "RESUME", "stopId", stop.path("seq").asLong()));
		assertAccepted(weld.command("type", "PASS", "stationId", "WELD", "partSerial", "H-2"));
	}

	@Test
	void aDefectFoundDownstreamRecordsEscapesAtItsOriginAndAtEveryStationThatPassedItOn() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		StationSession paint = station("PAINT");
		StationSession assy = station("ASSY");
		moveTo("E-1", frame, weld);
		assertAccepted(weld.command("type", "PASS", "stationId", "WELD", "partSerial", "E-1"));
		assertAccepted(paint.command("type", "ACCEPT", "stationId", "PAINT", "partSerial", "E-1"));
		assertAccepted(paint.command("type", "PASS", "stationId", "PAINT", "partSerial", "E-1", "to", "ASSY"));

		// WELD-POROSITY names WELD as its origin in the topology; WELD made it, PAINT missed it, ASSY caught it.
		assertAccepted(assy.command("type", "REJECT", "stationId", "ASSY", "partSerial", "E-1", "defectCode",
				"WELD-POROSITY"));
		List<String> escapes = jdbc.queryForList("select station_id || ':' || role from defect_escape "
				+ "order by station_id", String.class);
		assertThat(escapes).containsExactly("PAINT:MISSED", "WELD:ORIGIN");
		assertRejected(assy.command("type", "REPORT_DEFECT", "stationId", "ASSY", "partSerial", "E-1",
				"defectCode", "SCRATCH"), "PART_NOT_AT_STATION");
	}

	@Test
	void partsMoveOnlyAlongTheLinesEdgesAndOnlyAsTheStationHoldingThem() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		StationSession paint = station("PAINT");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "F-1"));
		assertRejected(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "F-1"),
				"PART_ALREADY_ON_LINE");
		assertRejected(weld.command("type", "RECEIVE", "stationId", "WELD", "partSerial", "F-2"),
				"NOT_AN_ENTRY_STATION");
		assertRejected(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "F-1", "to", "PAINT"),
				"NOT_A_CUSTOMER");
		assertRejected(paint.command("type", "ACCEPT", "stationId", "PAINT", "partSerial", "F-1"),
				"NO_PENDING_HAND_OFF");
		assertRejected(weld.command("type", "PASS", "stationId", "WELD", "partSerial", "F-1"),
				"PART_NOT_AT_STATION");
	}

	private void moveTo(String serial, StationSession frame, StationSession weld) throws Exception {
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", serial));
		assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", serial));
		assertAccepted(weld.command("type", "ACCEPT", "stationId", "WELD", "partSerial", serial));
	}
}
