package org.andon.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.andon.log.RowWrites;
import org.andon.line.Topology;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Read side of alarm discipline: the shelves and out-of-service stations in force on a line, who is in an alarm
 * flood now (more alarms paged to them within the flood window than the threshold), and the metrics of both.
 */
@Service
public class AlarmDiscipline {

	/** A shelf or an out-of-service, in force or ended. */
	public record SuppressionView(long id, String lineId, String stationId, String kind, String alarm, String reason,
			Instant startedAt, String startedBy, Instant until, Instant endedAt, String endedBy, String endReason) {
	}

	/** A person paged more than the threshold within the window: their pages are bundled into one. */
	public record Flood(String person, long alarms) {
	}

	/** What the board shows: suppressions in force on the line, and the floods now. */
	public record Board(String lineId, List<SuppressionView> suppressions, List<Flood> floods, int floodAlarms,
			long floodWindowMinutes) {
	}

	private static final String COLUMNS = "id, line_id, station_id, kind, alarm, reason, started_at, started_by, until, "
			+ "ended_at, ended_by, end_reason";

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final MeterRegistry meters;
	private final int floodAlarms;
	private final Duration floodWindow;

	AlarmDiscipline(JdbcTemplate jdbc, Clock clock, MeterRegistry meters, Topology topology,
			@Value("${andon.alarms.flood-alarms:10}") int floodAlarms,
			@Value("${andon.alarms.flood-window:10m}") Duration floodWindow) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.meters = meters;
		this.floodAlarms = floodAlarms;
		this.floodWindow = floodWindow;
		topology.allLines().forEach(line -> line.stations().forEach(s -> Gauge.builder("andon.alarm.shelved",
				() -> jdbc.queryForObject("select count(*) from alarm_suppression where station_id = ? and kind = "
						+ "'SHELF' and ended_at is null", Long.class, s.id()) > 0 ? 1 : 0)
			.description("1 while an alarm of the station is shelved").tag("line", line.id()).tag("station", s.id())
			.register(meters)));
		topology.allLines().forEach(line -> Gauge.builder("andon.stations.out.of.service",
				() -> jdbc.queryForObject("select count(*) from alarm_suppression where line_id = ? and kind = "
						+ "'OUT_OF_SERVICE' and ended_at is null", Long.class, line.id()))
			.description("Stations out of service now (their alarms suppressed)").tag("line", line.id())
			.register(meters));
		Gauge.builder("andon.alarm.floods", () -> floods().size())
			.description("People in an alarm flood now (their pages are bundled)").register(meters);
	}

	/** The board's view of a line. */
	public Board board(String lineId) {
		return new Board(lineId, jdbc.query("select " + COLUMNS + " from alarm_suppression where line_id = ? and "
				+ "ended_at is null order by id", (rs, n) -> view(rs), lineId), floods(), floodAlarms,
				floodWindow.toMinutes());
	}

	/** Every shelf and out-of-service of a station, newest first (at most 100), for the quality review. */
	public List<SuppressionView> history(String stationId) {
		return jdbc.query("select " + COLUMNS + " from alarm_suppression where station_id = ? order by id desc "
				+ "fetch first 100 rows only", (rs, n) -> view(rs), stationId);
	}

	/** The people in an alarm flood now. */
	public List<Flood> floods() {
		return jdbc.query("select recipient, count(distinct incident_id) n from page where created_at > ? and "
				+ "channel <> 'WEBHOOK' and event in ('TRIGGER', 'FLOOD') group by recipient having "
				+ "count(distinct incident_id) > ? order by recipient", (rs, n) -> new Flood(rs.getString(1),
						rs.getLong(2)), RowWrites.time(clock.instant().minus(floodWindow)), floodAlarms);
	}

	@EventListener
	void on(EntriesCommitted committed) {
		for (LoggedEvent e : committed.events()) {
			if (AlarmHandler.SHELVED.equals(e.type()) || AlarmHandler.OUT_OF_SERVICE.equals(e.type())) {
				Counter.builder("andon.alarm.suppressions")
					.description("Alarms shelved and stations taken out of service, by kind").tag("line", e.lineId())
					.tag("kind", AlarmHandler.SHELVED.equals(e.type()) ? "shelf" : "out_of_service")
					.register(meters).increment();
			}
		}
	}

	private static SuppressionView view(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new SuppressionView(rs.getLong("id"), rs.getString("line_id"), rs.getString("station_id"),
				rs.getString("kind"), rs.getString("alarm"), rs.getString("reason"), RowWrites.instant(rs, "started_at"),
				rs.getString("started_by"), RowWrites.instant(rs, "until"), RowWrites.instant(rs, "ended_at"),
				rs.getString("ended_by"), rs.getString("end_reason"));
	}
}
