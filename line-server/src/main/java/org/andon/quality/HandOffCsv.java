package org.andon.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hand-off log as CSV (RFC 4180, UTF-8), with the same filters and order as {@code GET /api/handoffs}: station
 * matches either end, the time range applies to when the part was passed, newest first. Streams row by row, so an
 * export of a whole year does not sit in memory.
 */
@Component
class HandOffCsv {

	static final List<String> DECISIONS = List.of("PENDING", "ACCEPTED", "REJECTED", "BLOCKED");

	static final String HEADER = "id,lineId,partSerial,fromStation,toStation,decision,passedAt,passedBy,decidedAt,"
			+ "decidedBy,defectCode,note,blockedBecause";

	/** The hand-off filters; any may be null. */
	record Filter(String line, String station, String part, String decision, String defectCode, Period period) {

		Filter {
			if (decision != null && !DECISIONS.contains(decision)) {
				throw new IllegalArgumentException("decision must be one of " + DECISIONS);
			}
		}
	}

	private static final Set<Character> FORMULA_START = Set.of('=', '+', '-', '@', '\t', '\r');

	private final JdbcTemplate jdbc;

	HandOffCsv(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	void write(Filter f, Writer out) {
		StringBuilder sql = new StringBuilder("select id, line_id, part_serial, from_station, to_station, decision,"
				+ " passed_at, passed_by, decided_at, decided_by, defect_code, note, blocked_because from hand_off"
				+ " where 1 = 1");
		List<Object> args = new ArrayList<>();
		condition(sql, args, " and line_id = ?", f.line());
		if (f.station() != null) {
			sql.append(" and (from_station = ? or to_station = ?)");
			args.add(f.station());
			args.add(f.station());
		}
		condition(sql, args, " and part_serial = ?", f.part());
		condition(sql, args, " and decision = ?", f.decision());
		condition(sql, args, " and defect_code = ?", f.defectCode());
		sql.append(f.period().on("passed_at")).append(" order by id desc");
		args.addAll(f.period().args());
		try {
			out.write(HEADER);
			out.write("\r\n");
			jdbc.query(sql.toString(), rs -> {
				row(out, rs.getLong("id"), rs.getString("line_id"), rs.getString("part_serial"),
						rs.getString("from_station"), rs.getString("to_station"), rs.getString("decision"),
						Sql.instant(rs, "passed_at"), rs.getString("passed_by"), Sql.instant(rs, "decided_at"),
						rs.getString("decided_by"), rs.getString("defect_code"), rs.getString("note"),
						rs.getString("blocked_because"));
			}, args.toArray());
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void condition(StringBuilder sql, List<Object> args, String clause, String value) {
		if (value != null) {
			sql.append(clause);
			args.add(value);
		}
	}

	private static void row(Writer out, Object... cells) {
		try {
			for (int i = 0; i < cells.length; i++) {
				if (i > 0) {
					out.write(',');
				}
				out.write(cell(cells[i]));
			}
			out.write("\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One field: quoted when it holds a comma, quote or line break. Free text that a spreadsheet would run as a
	 * formula gets a leading apostrophe, because notes are typed on the shop floor and exports are opened in Excel.
	 */
	static String cell(Object value) {
		if (value == null) {
			return "";
		}
		String s = value instanceof Instant i ? i.toString() : value.toString();
		if (!s.isEmpty() && FORMULA_START.contains(s.charAt(0))) {
			s = "'" + s;
		}
		if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
			return '"' + s.replace("\"", "\"\"") + '"';
		}
		return s;
	}
}
