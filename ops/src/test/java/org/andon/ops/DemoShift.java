package org.andon.ops;

import tools.jackson.databind.JsonNode;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.LineServerProcess;

/**
 * A few minutes of the demo line in a few commands, over the real protocol: hand-offs accepted, rejected and
 * blocked, a defect reported and reworked, a quality stop, its incident paged and acknowledged by the shift lead,
 * quality's sign-off and the lead's resume that resolves it, a refused command. Afterwards every andon metric the line server has exists on its scrape.
 */
final class DemoShift {

	private DemoShift() {
	}

	/** Runs the shift on {@code server}; part serials start with {@code prefix}. Returns the stop's id. */
	static long run(LineServerProcess server, String prefix) throws Exception {
		int port = server.port();
		try (StationSession frame = StationSession.station(port, "FRAME");
				StationSession weld = StationSession.station(port, "WELD");
				StationSession lead = StationSession.person(port, "lead", "FA1")) {
			String good = prefix + "-1";
			String scratched = prefix + "-2";
			frame.accepted("type", "RECEIVE", "stationId", "FRAME", "partSerial", good);
			frame.accepted("type", "PASS", "stationId", "FRAME", "partSerial", good);
			weld.accepted("type", "ACCEPT", "stationId", "WELD", "partSerial", good);
			frame.accepted("type", "RECEIVE", "stationId", "FRAME", "partSerial", scratched);
			frame.accepted("type", "PASS", "stationId", "FRAME", "partSerial", scratched);
			weld.accepted("type", "REJECT", "stationId", "WELD", "partSerial", scratched, "defectCode", "SCRATCH",
					"note", "deep scratch on the left rail");
			weld.accepted("type", "REPORT_DEFECT", "stationId", "WELD", "partSerial", good, "defectCode",
					"WELD-POROSITY");
			weld.rejected("PART_HAS_OPEN_DEFECT", "type", "PASS", "stationId", "WELD", "partSerial", good);
			weld.accepted("type", "CLEAR_DEFECT", "stationId", "WELD", "partSerial", good, "resolution", "REWORKED");
			long stopId = weld.accepted("type", "STOP", "stationId", "WELD", "reason", "QUALITY", "defectCode",
					"WELD-POROSITY").path("seq").asLong();
			// every stop opens an incident and pages the shift lead, who acknowledges it ("on my way")
			JsonNode open = StationSession.JSON.readTree(server.get("/api/incidents?line=FA1&open=true", "lead"));
			long incidentId = open.path("items").path(0).path("id").asLong();
			lead.accepted("type", "ACKNOWLEDGE", "incidentId", incidentId, "note", "on my way");
			// a quality stop restarts on two keys: quality's sign-off, then the lead's RESUME
			try (StationSession quality = StationSession.person(port, "quality", "FA1")) {
				quality.accepted("type", "SIGN_OFF", "stopId", stopId, "note", "seams checked");
			}
			lead.accepted("type", "RESUME", "stopId", stopId, "note", "torch tip replaced");
			frame.rejected("UNKNOWN_PART", "type", "PASS", "stationId", "FRAME", "partSerial", prefix + "-nope");
			return stopId;
		}
	}
}
