package org.andon.quality;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The holds of a line as quality staff work through them: open ones first by age, with where each part is now. */
@Component
class Holds {

	private static final int MAX = 500;

	private final JdbcTemplate jdbc;

	Holds(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Holds of a line; {@code openOnly} leaves out released and confirmed ones; {@code origin} filters by maker. */
	@Transactional(readOnly = true)
	List<HeldPart> of(String lineId, boolean openOnly, String origin) {
		List<Object> args = new ArrayList<>(List.of(lineId));
		StringBuilder sql = new StringBuilder("select h.id, h.containment_id, h.part_serial, h.held_at, h.placed_at, "
				+ "h.status, h.closed_at, h.closed_by, h.note, h.defect_id, c.origin_station, c.defect_code, "
				+ "c.part_serial defect_serial, c.found_at, p.status part_status, p.holder_station from part_hold h "
				+ "join containment c on c.id = h.containment_id left join part p on p.line_id = h.line_id "
				+ "and p.serial = h.part_serial where h.line_id = ?");
		if (openOnly) {
			sql.append(" and h.status = 'OPEN'");
		}
		if (origin != null) {
			sql.append(" and c.origin_station = ?");
			args.add(origin);
		}
		sql.append(openOnly ? " order by h.id" : " order by h.id desc").append(" fetch first " + MAX + " rows only");
		return jdbc.query(sql.toString(), (rs, n) -> {
			long defect = rs.getLong("defect_id");
			Long defectId = rs.wasNull() ? null : defect;
			return new HeldPart(rs.getLong("id"), rs.getLong("containment_id"), rs.getString("part_serial"),
					rs.getString("part_status"), rs.getString("holder_station"), rs.getString("held_at"),
					Sql.instant(rs, "placed_at"), rs.getString("status"), Sql.instant(rs, "closed_at"),
					rs.getString("closed_by"), rs.getString("note"), defectId, rs.getString("origin_station"),
					rs.getString("defect_code"), rs.getString("defect_serial"), rs.getString("found_at"));
		}, args.toArray());
	}
}
