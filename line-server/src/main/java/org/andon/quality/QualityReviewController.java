package org.andon.quality;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.andon.line.Line;
import org.andon.line.Topology;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * {@code /api/quality}: the quality review's read models (scorecards, escapes, Pareto), the hand-off log as CSV,
 * and who is signed in. Times are ISO instants; {@code from} is inclusive, {@code to} exclusive.
 */
@RestController
@RequestMapping("/api/quality")
class QualityReviewController {

	private final Topology topology;
	private final Scorecards scorecards;
	private final Escapes escapes;
	private final DefectPareto pareto;
	private final HandOffCsv csv;
	private final CallScores callScores;
	private final Holds holds;
	private final org.springframework.jdbc.core.JdbcTemplate jdbc;
	private final org.andon.incident.AlarmDiscipline alarms;

	QualityReviewController(Topology topology, Scorecards scorecards, Escapes escapes, DefectPareto pareto,
			HandOffCsv csv, CallScores callScores, Holds holds, org.springframework.jdbc.core.JdbcTemplate jdbc,
			org.andon.incident.AlarmDiscipline alarms) {
		this.alarms = alarms;
		this.holds = holds;
		this.jdbc = jdbc;
		this.topology = topology;
		this.scorecards = scorecards;
		this.escapes = escapes;
		this.pareto = pareto;
		this.csv = csv;
		this.callScores = callScores;
	}

	@GetMapping("/me")
	Viewer me(Authentication who) {
		var person = topology.person(who.getName()).orElseThrow();
		return new Viewer(person.username(), person.displayName(),
				person.roles().stream().map(Enum::name).sorted().toList(), topology.plantName(),
				topology.zone().getId(),
				topology.allLines().stream().map(l -> new Viewer.LineRef(l.id(), l.name())).toList(),
				person.teams().stream().sorted().toList());
	}

	@GetMapping("/scorecards")
	Reports.Scorecards scorecards(@RequestParam String line,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		Line l = line(line);
		Period period = new Period(from, to);
		List<CallScores.Call> calls = callScores.of(l.id(), period);
		return new Reports.Scorecards(l.id(), l.costPerMinute(), from, to,
				scorecards.of(l.id(), stations(l), l.costPerMinute(), period, calls), CallScores.byTeam(calls));
	}

	@GetMapping("/escapes")
	Reports.Escapes escapes(@RequestParam String line,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		Line l = line(line);
		Period period = new Period(from, to);
		return new Reports.Escapes(l.id(), from, to, escapes.byStation(l.id(), stations(l), period),
				escapes.latest(l.id(), stations(l), period));
	}

	@GetMapping("/pareto")
	Reports.Pareto pareto(@RequestParam String line,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		Line l = line(line);
		Map<String, String> descriptions = new LinkedHashMap<>();
		l.defectCodes().forEach(c -> descriptions.put(c.code(), c.description()));
		List<ParetoBar> bars = pareto.of(l.id(), descriptions, new Period(from, to));
		return new Reports.Pareto(l.id(), from, to, bars.stream().mapToLong(ParetoBar::count).sum(), bars);
	}

	/** Suspect parts on hold (open by default, oldest first), with where each is now. */
	@GetMapping("/holds")
	List<HeldPart> holds(@RequestParam String line, @RequestParam(defaultValue = "true") boolean open,
			@RequestParam(required = false) String origin) {
		return holds.of(line(line).id(), open, blank(origin));
	}

	/** One station's page: its suppliers and customers, rejections of its parts, escapes, holds and stop cost. */
	@GetMapping("/stations/{stationId}")
	StationReview station(@PathVariable String stationId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		Line l = topology.station(stationId).map(s -> topology.lineOf(s.id()))
			.orElseThrow(() -> new UnknownLine("of station " + stationId));
		Period period = new Period(from, to);
		List<Scorecards.StationRef> refs = stations(l);
		Scorecard card = scorecards.of(l.id(), refs, l.costPerMinute(), period, callScores.of(l.id(), period))
			.stream().filter(c -> c.stationId().equals(stationId)).findFirst().orElseThrow();
		List<StationReview.Rejection> rejected = jdbc.query("select id, part_serial, to_station, defect_code, note, "
				+ "decided_at, decided_by from hand_off where line_id = ? and from_station = ? and decision = 'REJECTED'"
				+ period.on("decided_at") + " order by id desc fetch first 100 rows only",
				(rs, n) -> new StationReview.Rejection(rs.getLong("id"), rs.getString("part_serial"),
						rs.getString("to_station"), rs.getString("defect_code"), rs.getString("note"),
						Sql.instant(rs, "decided_at"), rs.getString("decided_by")),
				Sql.args(l.id(), stationId, period.args()));
		List<EscapedDefect> escaped = escapes.latest(l.id(), refs, period).stream()
			.filter(d -> d.passedOnBy().contains(stationId)).toList();
		String name = l.station(stationId).map(s -> s.name()).orElse(stationId);
		return new StationReview(stationId, name, l.id(), l.suppliersOf(stationId), l.customersOf(stationId), from, to,
				card, l.taktSeconds(), Math.floor(card.stoppedMinutes() * 60 / l.taktSeconds()), rejected, escaped,
				holds.of(l.id(), true, stationId), alarms.history(stationId));
	}

	/** The hand-off log for any filter of {@code /api/handoffs}, as a CSV download (with a BOM, for Excel). */
	@GetMapping("/handoffs.csv")
	void handOffs(@RequestParam(required = false) String line, @RequestParam(required = false) String station,
			@RequestParam(required = false) String part, @RequestParam(required = false) String decision,
			@RequestParam(required = false) String defectCode,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			HttpServletResponse response) throws IOException {
		if (line != null) {
			line(line);
		}
		HandOffCsv.Filter filter = new HandOffCsv.Filter(blank(line), blank(station), blank(part), blank(decision),
				blank(defectCode), new Period(from, to));
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"handoffs" + (line == null ? "" : "-" + line) + ".csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write('\uFEFF');
		csv.write(filter, out);
	}

	private Line line(String id) {
		return topology.line(id).orElseThrow(() -> new UnknownLine(id));
	}

	private static List<Scorecards.StationRef> stations(Line line) {
		return line.stations().stream().map(s -> new Scorecards.StationRef(s.id(), s.name())).toList();
	}

	private static String blank(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

	static final class UnknownLine extends RuntimeException {

		UnknownLine(String id) {
			super("no line " + id);
		}
	}

	@ExceptionHandler(UnknownLine.class)
	ResponseEntity<Reports.Refusal> unknownLine(UnknownLine ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new Reports.Refusal("UNKNOWN_STATION", ex.getMessage()));
	}

	@ExceptionHandler({ IllegalArgumentException.class, MethodArgumentTypeMismatchException.class })
	ResponseEntity<Reports.Refusal> badParameter(Exception ex) {
		return ResponseEntity.badRequest().body(new Reports.Refusal("INVALID_FIELD", ex.getMessage()));
	}
}
