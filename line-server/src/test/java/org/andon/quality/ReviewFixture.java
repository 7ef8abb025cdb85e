package org.andon.quality;

import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A small, fully known history of line FA1 written straight into the tables, so every figure of the quality review
 * can be worked out by hand. T is 08:00 UTC on 2 June 2025; the clock of the tests stands at T + 1 h.
 *
 * <pre>
 * parts P1, P2, P3, P4 enter at FRAME (T)
 * 10  P1 FRAME -> WELD   ACCEPTED
 * 11  P2 FRAME -> WELD   REJECTED  SCRATCH, made at FRAME      defect 12 (FRAME: ORIGIN)
 * 13  P3 FRAME -> WELD   PENDING
 * 14  P1 WELD  -> PAINT  REJECTED  WELD-POROSITY, made at WELD  defect 15 (WELD: ORIGIN)
 * 16  P1 WELD  -> PAINT  BLOCKED   (open defect)
 *     defect 17: P1 SCRATCH found at ASSY, made at FRAME; FRAME ORIGIN, WELD and PAINT MISSED
 * 18  P4 FRAME -> WELD   ACCEPTED  (WELD still holds it)
 * stops at WELD: 20 (90 s, ended), 21 (active, 30 s by the clock); 5 (a day earlier, 600 s)
 * incidents at WELD: 22 (acknowledged after 40 s), 23 (not acknowledged); 6 (a day earlier, after 100 s)
 *
 * andon calls (incident id, station, type, team):           acknowledged  closed
 * 30  PAINT  MAINTENANCE  maintenance  T + 1000 s            after 30 s    contained after 50 s
 * 31  PAINT  MAINTENANCE  maintenance  T + 1100 s            after 90 s    automatic stop 32 at T + 1190 s, resumed
 * 33  PAINT  MATERIAL     material     T + 1400 s            never         stop 34 by hand (lead), still stopped
 * 35  PAINT  QUALITY      (no team)    T + 1500 s            after 10 s    contained after 100 s
 * 36  PAINT  MAINTENANCE  maintenance  NOW - 60 s            not yet       still open
 * 37  ASSY   SAFETY       (no team)    T + 2000 s            after 20 s    stops at once: automatic stop 38
 * 39  PAINT  HELP         (no team)    T + 2100 s            never         resolved by the lead without containing
 * 7   PAINT  MAINTENANCE  maintenance  a day earlier         after 200 s   contained after 250 s
 * </pre>
 */
final class ReviewFixture {

	static final Instant T = Instant.parse("2025-06-02T08:00:00Z");

	static final Instant NOW = T.plusSeconds(3600);

	static final Instant DAY_BEFORE = T.minusSeconds(86_400);

	private final JdbcTemplate jdbc;

	private long seq = 100;

	ReviewFixture(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void write() {
		for (String p : new String[] { "P1", "P2", "P3", "P4" }) {
			jdbc.update("insert into part (line_id, serial, status, holder_station, entry_station, received_at)"
					+ " values ('FA1', ?, 'ON_LINE', 'FRAME', 'FRAME', ?)", p, at(T));
		}
		handOff(10, "P1", "FRAME", "WELD", "ACCEPTED", null, 60);
		handOff(11, "P2", "FRAME", "WELD", "REJECTED", "SCRATCH", 70);
		handOff(13, "P3", "FRAME", "WELD", "PENDING", null, 80);
		handOff(14, "P1", "WELD", "PAINT", "REJECTED", "WELD-POROSITY", 120);
		handOff(16, "P1", "WELD", "PAINT", "BLOCKED", null, 180);
		handOff(18, "P4", "FRAME", "WELD", "ACCEPTED", null, 200);
		passed("FRAME", "P1", 60);
		passed("FRAME", "P2", 70);
		passed("FRAME", "P3", 80);
		passed("WELD", "P1", 120);
		passed("FRAME", "P4", 200);
		defect(12, "P2", "SCRATCH", "WELD", "FRAME", 75);
		escape(12, "FRAME", "ORIGIN");
		defect(15, "P1", "WELD-POROSITY", "PAINT", "WELD", 125);
		escape(15, "WELD", "ORIGIN");
		defect(17, "P1", "SCRATCH", "ASSY", "FRAME", 300);
		escape(17, "FRAME", "ORIGIN");
		escape(17, "WELD", "MISSED");
		escape(17, "PAINT", "MISSED");
		stop(20, "WELD", T.plusSeconds(600), T.plusSeconds(690));
		stop(21, "WELD", NOW.minusSeconds(30), null);
		stop(5, "WELD", DAY_BEFORE, DAY_BEFORE.plusSeconds(600));
		incident(22, "WELD", T.plusSeconds(600), T.plusSeconds(640));
		incident(23, "WELD", NOW.minusSeconds(30), null);
		incident(6, "WELD", DAY_BEFORE, DAY_BEFORE.plusSeconds(100));
		call(30, "PAINT", "MAINTENANCE", "maintenance", T.plusSeconds(1000), 30L, "contained", 50L, null, null);
		call(31, "PAINT", "MAINTENANCE", "maintenance", T.plusSeconds(1100), 90L, "resolved", 300L, 32L, true);
		call(33, "PAINT", "MATERIAL", "material", T.plusSeconds(1400), null, null, null, 34L, false);
		call(35, "PAINT", "QUALITY", null, T.plusSeconds(1500), 10L, "contained", 100L, null, null);
		call(36, "PAINT", "MAINTENANCE", "maintenance", NOW.minusSeconds(60), null, null, null, null, null);
		call(37, "ASSY", "SAFETY", null, T.plusSeconds(2000), 20L, null, null, 38L, true);
		call(39, "PAINT", "HELP", null, T.plusSeconds(2100), null, "resolved", 100L, null, null);
		call(7, "PAINT", "MAINTENANCE", "maintenance", DAY_BEFORE.plusSeconds(3600), 200L, "contained", 250L, null,
				null);
	}

	/**
	 * A call as the line server writes it: its INCIDENT_OPENED entry (the incident id, naming the team), the incident
	 * row, and for a call that became a stop the STOP_STARTED entry (the stop id) with {@code automatic} and the stop.
	 */
	private void call(long id, String station, String type, String team, Instant opened, Long ackAfter, String closed,
			Long closedAfter, Long stopId, Boolean automatic) {
		jdbc.update("insert into event_log (seq, occurred_at, line_id, station_id, actor, type, payload, prev_hash,"
				+ " hash) values (?, ?, 'FA1', ?, ?, 'INCIDENT_OPENED', ?, 'x', 'x')", id, at(opened), station, station,
				"{\"kind\":\"CALL\",\"callType\":\"" + type + "\",\"team\":"
						+ (team == null ? "null" : "\"" + team + "\"") + ",\"note\":null}");
		if (stopId != null) {
			Instant stoppedAt = "SAFETY".equals(type) ? opened : opened.plusSeconds(automatic ? 90 : 20);
			jdbc.update("insert into event_log (seq, occurred_at, line_id, station_id, actor, type, payload, prev_hash,"
					+ " hash) values (?, ?, 'FA1', ?, ?, 'STOP_STARTED', ?, 'x', 'x')", stopId, at(stoppedAt), station,
					automatic ? "andon" : "lead", "{\"stationId\":\"" + station + "\",\"reason\":\"" + type
							+ "\",\"fromCall\":" + id + ",\"callType\":\"" + type + "\",\"automatic\":"
							+ automatic + "}");
			jdbc.update("insert into line_stop (id, line_id, station_id, reason, started_at, started_by, ended_at)"
					+ " values (?, 'FA1', ?, ?, ?, ?, ?)", stopId, station, type, at(stoppedAt),
					automatic ? "andon" : "lead", closed == null ? null : at(opened.plusSeconds(closedAfter)));
		}
		String status = closed != null ? "RESOLVED" : ackAfter != null ? "ACKNOWLEDGED" : "OPEN";
		jdbc.update("insert into incident (id, line_id, station_id, kind, reason, status, opened_at, level_reached,"
				+ " steps, acknowledged_at, resolved_at, call_type, contained, stop_id) values (?, 'FA1', ?, 'CALL', ?,"
				+ " ?, ?, 0, 1, ?, ?, ?, ?, ?)", id, station, type, status, at(opened),
				ackAfter == null ? null : at(opened.plusSeconds(ackAfter)),
				closed == null ? null : at(opened.plusSeconds(closedAfter)), type, "contained".equals(closed), stopId);
	}

	private void handOff(long id, String part, String from, String to, String decision, String code, long second) {
		boolean decided = "ACCEPTED".equals(decision) || "REJECTED".equals(decision);
		jdbc.update("insert into hand_off (id, line_id, part_serial, from_station, to_station, decision, passed_at,"
				+ " passed_by, decided_at, decided_by, defect_code, blocked_because) values (?, 'FA1', ?, ?, ?, ?, ?,"
				+ " ?, ?, ?, ?, ?)", id, part, from, to, decision, at(T.plusSeconds(second)), from,
				decided ? at(T.plusSeconds(second + 3)) : null, decided ? to : null, code,
				"BLOCKED".equals(decision) ? "PART_HAS_OPEN_DEFECT" : null);
	}

	private void passed(String station, String part, long second) {
		long s = seq++;
		jdbc.update("insert into event_log (seq, occurred_at, line_id, station_id, actor, type, part_serial, payload,"
				+ " prev_hash, hash) values (?, ?, 'FA1', ?, ?, 'PART_PASSED', ?, '{}', 'x', 'x')", s,
				at(T.plusSeconds(second)), station, station, part);
	}

	private void defect(long id, String part, String code, String foundAt, String origin, long second) {
		jdbc.update("insert into defect (id, line_id, part_serial, code, found_at, origin_station, status, opened_at)"
				+ " values (?, 'FA1', ?, ?, ?, ?, 'OPEN', ?)", id, part, code, foundAt, origin, at(T.plusSeconds(second)));
	}

	private void escape(long defect, String station, String role) {
		jdbc.update("insert into defect_escape (defect_id, station_id, line_id, role) values (?, ?, 'FA1', ?)", defect,
				station, role);
	}

	private void stop(long id, String station, Instant started, Instant ended) {
		jdbc.update("insert into line_stop (id, line_id, station_id, reason, started_at, started_by, ended_at)"
				+ " values (?, 'FA1', ?, 'QUALITY', ?, ?, ?)", id, station, at(started), station,
				ended == null ? null : at(ended));
	}

	private void incident(long id, String station, Instant opened, Instant acknowledged) {
		jdbc.update("insert into incident (id, line_id, station_id, kind, reason, status, opened_at, level_reached,"
				+ " steps, acknowledged_at) values (?, 'FA1', ?, 'STOP', 'QUALITY', ?, ?, 1, 1, ?)", id, station,
				acknowledged == null ? "OPEN" : "ACKNOWLEDGED", at(opened),
				acknowledged == null ? null : at(acknowledged));
	}

	private static Object at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}
}
