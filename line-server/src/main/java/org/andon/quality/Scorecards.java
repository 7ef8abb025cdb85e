package org.andon.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes the internal-customer scorecards of a line's stations from the hand-off, defect, escape, stop and incident
 * tables. Hand-off figures count hand-offs passed in the period (with whatever was decided about them since); stops,
 * incidents and andon calls count those started or opened in the period, an active stop running up to now.
 */
@Component
class Scorecards {

	/** A station as the scorecard names it. */
	record StationRef(String id, String name) {
	}

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final CallScores calls;

	Scorecards(JdbcTemplate jdbc, Clock clock, CallScores calls) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.calls = calls;
	}

	@Transactional(readOnly = true)
	List<Scorecard> of(String lineId, List<StationRef> stations, double costPerMinute, Period period) {
		return of(lineId, stations, costPerMinute, period, calls.of(lineId, period));
	}

	/** The scorecards, with the line's calls in the period already read (so the line's team figures use the same). */
	@Transactional(readOnly = true)
	List<Scorecard> of(String lineId, List<StationRef> stations, double costPerMinute, Period period,
			List<CallScores.Call> lineCalls) {
		Map<String, Long> received = counts("select to_station s, count(*) n from hand_off where line_id = ?"
				+ " and decision <> 'BLOCKED'" + period.on("passed_at") + " group by to_station", lineId, period);
		Map<String, Long> entered = counts("select entry_station s, count(*) n from part where line_id = ?"
				+ period.on("received_at") + " group by entry_station", lineId, period);
		Map<String, Long> rejectedIn = counts("select to_station s, count(*) n from hand_off where line_id = ?"
				+ " and decision = 'REJECTED'" + period.on("passed_at") + " group by to_station", lineId, period);
		Map<String, Long> rejectedOut = counts("select from_station s, count(*) n from hand_off where line_id = ?"
				+ " and decision = 'REJECTED'" + period.on("passed_at") + " group by from_station", lineId, period);
		Map<String, Long> escapes = counts("select e.station_id s, count(*) n from defect_escape e"
				+ " join defect d on d.id = e.defect_id where e.line_id = ?" + period.on("d.opened_at")
				+ " group by e.station_id", lineId, period);
		Map<String, long[]> firstPass = firstPass(lineId, period);
		Map<String, StopFigures> stops = stops(lineId, period);
		Map<String, AckFigures> acks = acknowledgements(lineId, period);
		Map<String, StationCalls> pulled = CallScores.byStation(lineCalls);
		return stations.stream().map(s -> {
			long[] fp = firstPass.getOrDefault(s.id(), new long[2]);
			StopFigures st = stops.getOrDefault(s.id(), new StopFigures());
			AckFigures ack = acks.getOrDefault(s.id(), new AckFigures());
			double minutes = st.millis / 60_000.0;
			return new Scorecard(s.id(), s.name(), received.getOrDefault(s.id(), 0L) + entered.getOrDefault(s.id(), 0L),
					rejectedIn.getOrDefault(s.id(), 0L), rejectedOut.getOrDefault(s.id(), 0L),
					escapes.getOrDefault(s.id(), 0L), fp[0], fp[0] - fp[1], fp[0] == 0 ? null : (fp[0] - fp[1]) / (double) fp[0],
					st.count, minutes, minutes * costPerMinute, ack.incidents, ack.acknowledged,
					ack.acknowledged == 0 ? null : ack.millis / 1000.0 / ack.acknowledged,
					pulled.getOrDefault(s.id(), StationCalls.NONE));
		}).toList();
	}

	/**
	 * Per station: the distinct parts it took in during the period (accepted from a supplier, or entered the line
	 * there) and how many of them went wrong there: a defect made at this station, or a customer rejected the part
	 * when this station passed it on.
	 */
	private Map<String, long[]> firstPass(String lineId, Period period) {
		String taken = "select to_station s, part_serial p from hand_off where line_id = ? and decision = 'ACCEPTED'"
				+ period.on("passed_at") + " union select entry_station s, serial p from part where line_id = ?"
				+ period.on("received_at");
		String sql = "select u.s, count(*) n, sum(case when exists (select 1 from defect d where d.line_id = ?"
				+ " and d.part_serial = u.p and d.origin_station = u.s) or exists (select 1 from hand_off h"
				+ " where h.line_id = ? and h.part_serial = u.p and h.from_station = u.s and h.decision = 'REJECTED')"
				+ " then 1 else 0 end) bad from (" + taken + ") u group by u.s";
		Map<String, long[]> out = new HashMap<>();
		jdbc.query(sql, rs -> {
			out.put(rs.getString("s"), new long[] { rs.getLong("n"), rs.getLong("bad") });
		}, Sql.args(lineId, lineId, lineId, period.args(), lineId, period.args()));
		return out;
	}

	private static final class StopFigures {

		long count;

		long millis;
	}

	private Map<String, StopFigures> stops(String lineId, Period period) {
		Instant now = clock.instant();
		Map<String, StopFigures> out = new HashMap<>();
		jdbc.query("select station_id, started_at, ended_at from line_stop where line_id = ?" + period.on("started_at"),
				rs -> {
					Instant started = Sql.instant(rs, "started_at");
					Instant ended = Sql.instant(rs, "ended_at");
					StopFigures f = out.computeIfAbsent(rs.getString("station_id"), k -> new StopFigures());
					f.count++;
					f.millis += Math.max(0, Duration.between(started, ended == null ? now : ended).toMillis());
				}, Sql.args(lineId, period.args()));
		return out;
	}

	private static final class AckFigures {

		long incidents;

		long acknowledged;

		long millis;
	}

	private Map<String, AckFigures> acknowledgements(String lineId, Period period) {
		Map<String, AckFigures> out = new HashMap<>();
		jdbc.query("select station_id, opened_at, acknowledged_at from incident where line_id = ?"
				+ period.on("opened_at"), rs -> {
					Instant opened = Sql.instant(rs, "opened_at");
					Instant acked = Sql.instant(rs, "acknowledged_at");
					AckFigures f = out.computeIfAbsent(rs.getString("station_id"), k -> new AckFigures());
					f.incidents++;
					if (acked != null) {
						f.acknowledged++;
						f.millis += Math.max(0, Duration.between(opened, acked).toMillis());
					}
				}, Sql.args(lineId, period.args()));
		return out;
	}

	private Map<String, Long> counts(String sql, String lineId, Period period) {
		Map<String, Long> out = new HashMap<>();
		jdbc.query(sql, rs -> {
			out.put(rs.getString("s"), rs.getLong("n"));
		}, Sql.args(lineId, period.args()));
		return out;
	}
}
