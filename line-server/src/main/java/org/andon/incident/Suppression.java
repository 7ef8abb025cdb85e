package org.andon.incident;

import java.time.Instant;

import org.andon.log.RowWrites;

/**
 * One alarm suppression at a station: a SHELF of one alarm (a call type, or REJECTS) until a set time, or the
 * station OUT_OF_SERVICE (every alarm but safety) until it is returned. Who, why, when, and how it ended.
 */
final class Suppression {

	static final String SHELF = "SHELF";
	static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";
	static final String ALL = "ALL";

	static final RowWrites.Table<Suppression> ROWS = new RowWrites.Table<>(
			"insert into alarm_suppression (id, line_id, station_id, kind, alarm, reason, started_at, started_by, until, "
					+ "ended_at, ended_by, end_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			s -> new Object[] { s.id, s.lineId, s.stationId, s.kind, s.alarm, s.reason, RowWrites.time(s.startedAt),
					s.startedBy, s.until == null ? null : RowWrites.time(s.until),
					s.endedAt == null ? null : RowWrites.time(s.endedAt), s.endedBy, s.endReason },
			"update alarm_suppression set ended_at = ?, ended_by = ?, end_reason = ? where id = ?",
			s -> new Object[] { RowWrites.time(s.endedAt), s.endedBy, s.endReason, s.id }, null, null);

	final long id;
	final String lineId;
	final String stationId;
	final String kind;
	final String alarm;
	final String reason;
	final Instant startedAt;
	final String startedBy;
	final Instant until;
	private Instant endedAt;
	private String endedBy;
	private String endReason;

	Suppression(long id, String lineId, String stationId, String kind, String alarm, String reason, Instant startedAt,
			String startedBy, Instant until) {
		this.id = id;
		this.lineId = lineId;
		this.stationId = stationId;
		this.kind = kind;
		this.alarm = alarm;
		this.reason = reason;
		this.startedAt = startedAt;
		this.startedBy = startedBy;
		this.until = until;
	}

	/** Whether it keeps this alarm of its station quiet now. */
	boolean covers(String alarmOfStation, Instant now) {
		boolean alarmMatches = ALL.equals(alarm) || alarm.equals(alarmOfStation);
		return endedAt == null && alarmMatches && (until == null || now.isBefore(until));
	}

	void end(Instant at, String by, String why) {
		endedAt = at;
		endedBy = by;
		endReason = why;
	}

	/** How it reads where an alarm was kept quiet: "shelved by lead until ... (reason)". */
	String describe() {
		return (SHELF.equals(kind) ? "shelved by " + startedBy + " until " + until
				: "station out of service since " + startedAt + ", by " + startedBy) + ": " + reason;
	}
}
