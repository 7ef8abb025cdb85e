package org.andon.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Escapes by station, and the latest escaped defects, over the defects opened in a period. */
@Component
class Escapes {

	private static final int LATEST = 200;

	private final JdbcTemplate jdbc;

	Escapes(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	List<StationEscapes> byStation(String lineId, List<Scorecards.StationRef> stations, Period period) {
		Map<String, long[]> byRole = new HashMap<>();
		jdbc.query("select e.station_id, e.role, count(*) n from defect_escape e join defect d on d.id = e.defect_id"
				+ " where e.line_id = ?" + period.on("d.opened_at") + " group by e.station_id, e.role", rs -> {
					long[] n = byRole.computeIfAbsent(rs.getString("station_id"), k -> new long[2]);
					n["ORIGIN".equals(rs.getString("role")) ? 0 : 1] += rs.getLong("n");
				}, Sql.args(lineId, period.args()));
		Map<String, Long> caught = new HashMap<>();
		jdbc.query("select found_at, count(*) n from defect where line_id = ? and origin_station is not null"
				+ " and origin_station <> found_at" + period.on("opened_at") + " group by found_at", rs -> {
					caught.put(rs.getString("found_at"), rs.getLong("n"));
				}, Sql.args(lineId, period.args()));
		return stations.stream().map(s -> {
			long[] n = byRole.getOrDefault(s.id(), new long[2]);
			return new StationEscapes(s.id(), s.name(), n[0], n[1], n[0] + n[1], caught.getOrDefault(s.id(), 0L));
		}).toList();
	}

	/** The latest escaped defects, newest first; the stations that passed each on are in line order. */
	@Transactional(readOnly = true)
	List<EscapedDefect> latest(String lineId, List<Scorecards.StationRef> stations, Period period) {
		Map<Long, EscapedDefect> defects = new LinkedHashMap<>();
		jdbc.query("select d.id, d.part_serial, d.code, d.origin_station, d.found_at, d.opened_at from defect d"
				+ " where d.line_id = ? and exists (select 1 from defect_escape e where e.defect_id = d.id)"
				+ period.on("d.opened_at") + " order by d.id desc limit " + LATEST, rs -> {
					long id = rs.getLong("id");
					defects.put(id, new EscapedDefect(id, rs.getString("part_serial"), rs.getString("code"),
							rs.getString("origin_station"), rs.getString("found_at"), Sql.instant(rs, "opened_at"),
							new ArrayList<>()));
				}, Sql.args(lineId, period.args()));
		if (defects.isEmpty()) {
			return List.of();
		}
		Long lowest = defects.keySet().stream().min(Long::compare).orElseThrow();
		jdbc.query("select defect_id, station_id from defect_escape where line_id = ? and defect_id >= ?", rs -> {
			EscapedDefect d = defects.get(rs.getLong("defect_id"));
			if (d != null) {
				d.passedOnBy().add(rs.getString("station_id"));
			}
		}, lineId, lowest);
		List<String> order = stations.stream().map(Scorecards.StationRef::id).toList();
		defects.values().forEach(d -> d.passedOnBy().sort(java.util.Comparator.comparingInt(order::indexOf)));
		return List.copyOf(defects.values());
	}
}
