package org.andon.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.andon.command.WriterMemory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.andon.log.RowWrites.instant;

/**
 * The alarm suppressions in force, as the command writer checks each new alarm against them: shelves of one alarm
 * at a station (until a set time) and stations out of service. Owned by the writer's thread; changes are rows of
 * the group commit ({@code alarm_suppression}), the memory is rebuilt from that table.
 */
@Component
class Suppressions implements WriterMemory {

	private final JdbcTemplate jdbc;
	/** In force (not ended; a shelf past its time stays here until its SHELF_EXPIRED ends it), by id. */
	private final Map<Long, Suppression> active = new LinkedHashMap<>();

	Suppressions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void reload(Set<String> lineIds) {
		active.values().removeIf(s -> lineIds == null || lineIds.contains(s.lineId));
		jdbc.query("select id, line_id, station_id, kind, alarm, reason, started_at, started_by, until from "
				+ "alarm_suppression where ended_at is null order by id", rs -> {
					if (lineIds == null || lineIds.contains(rs.getString("line_id"))) {
						Suppression s = new Suppression(rs.getLong("id"), rs.getString("line_id"),
								rs.getString("station_id"), rs.getString("kind"), rs.getString("alarm"),
								rs.getString("reason"), instant(rs, "started_at"), rs.getString("started_by"),
								instant(rs, "until"));
						active.put(s.id, s);
					}
				});
	}

	/** What keeps this alarm of the station quiet now: its station out of service first, else a shelf of it. */
	Optional<Suppression> suppressing(String stationId, String alarm, Instant now) {
		Optional<Suppression> out = active.values().stream()
			.filter(s -> s.stationId.equals(stationId) && Suppression.OUT_OF_SERVICE.equals(s.kind)).findFirst();
		return out.isPresent() ? out : active.values().stream()
			.filter(s -> s.stationId.equals(stationId) && s.covers(alarm, now)).findFirst();
	}

	/** The suppression of this kind and alarm at the station that has not ended (a shelf may be past its time). */
	Optional<Suppression> inForce(String stationId, String kind, String alarm) {
		return active.values().stream().filter(s -> s.stationId.equals(stationId) && s.kind.equals(kind)
				&& (alarm == null || s.alarm.equals(alarm))).findFirst();
	}

	Optional<Suppression> byId(long id) {
		return Optional.ofNullable(active.get(id));
	}

	void started(Suppression s) {
		active.put(s.id, s);
	}

	void ended(Suppression s) {
		active.remove(s.id);
	}

	List<Suppression> all() {
		return new ArrayList<>(active.values());
	}
}
