package org.andon.handoff;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.andon.command.WriterMemory;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.log.RowWrites;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.andon.log.RowWrites.instant;
import static org.andon.log.RowWrites.time;

/**
 * The parts in flow on every line, as the command writer checks the three-no rules against them: where each part
 * is, the hand-off it waits in, the stations it passed through, its open defects, and each supplier's recent rejects.
 * Owned by the writer's thread; every change is also queued as a row of the group commit ({@code part},
 * {@code hand_off}, {@code defect}, {@code defect_escape}), and the memory is rebuilt from those tables when needed.
 * Parts that left the line are not kept, except a few recently looked up ones (so a repeated scan of a finished part
 * is told where it went without a query).
 */
@Component
public class PartFlow implements WriterMemory {

	static final RowWrites.Table<Part> PARTS = new RowWrites.Table<>(
			"insert into part (line_id, serial, status, holder_station, entry_station, received_at) "
					+ "values (?, ?, ?, ?, ?, ?)",
			p -> new Object[] { p.lineId(), p.serial(), p.status().name(), p.holder(), p.entryStation(),
					time(p.receivedAt()) },
			"update part set status = ?, holder_station = ? where line_id = ? and serial = ?",
			p -> new Object[] { p.status().name(), p.holder(), p.lineId(), p.serial() }, null, null);

	static final RowWrites.Table<HandOff> HAND_OFFS = new RowWrites.Table<>(
			"insert into hand_off (id, line_id, part_serial, from_station, to_station, decision, passed_at, passed_by, "
					+ "decided_at, decided_by, decided_seq, defect_code, note, blocked_because) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			HandOff::row,
			"update hand_off set decision = ?, decided_at = ?, decided_by = ?, decided_seq = ?, defect_code = ?, "
					+ "note = ? where id = ?",
			HandOff::decision, null, null);

	static final RowWrites.Table<Defect> DEFECTS = new RowWrites.Table<>(
			"insert into defect (id, line_id, part_serial, code, found_at, origin_station, hand_off_id, status, "
					+ "opened_at, closed_at, closed_by, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			Defect::row, "update defect set status = ?, closed_at = ?, closed_by = ? where id = ?", Defect::closing,
			null, null);

	static final String ESCAPE = "insert into defect_escape (defect_id, station_id, line_id, role) values (?, ?, ?, ?)";

	private static final int LEFT_REMEMBERED = 10_000;

	private final JdbcTemplate jdbc;
	private final Topology topology;
	private final Clock clock;
	private final Map<String, LineFlow> lines = new HashMap<>();

	PartFlow(JdbcTemplate jdbc, Topology topology, Clock clock) {
		this.jdbc = jdbc;
		this.topology = topology;
		this.clock = clock;
	}

	/** One line's parts in flow. */
	private static final class LineFlow {

		final Map<String, Part> parts = new HashMap<>();
		final Map<String, HandOff> pending = new HashMap<>();
		final Map<String, List<String>> paths = new HashMap<>();
		final Map<String, List<Defect>> open = new HashMap<>();
		final Map<String, ArrayDeque<Instant>> rejects = new HashMap<>();
		/** Parts that left the line (or never came), looked up for this batch or recently. */
		final Map<String, Optional<Part>> outside = new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Optional<Part>> eldest) {
				return size() > LEFT_REMEMBERED;
			}
		};
	}

	@Override
	public void reload(Set<String> lineIds) {
		Set<String> ids = lineIds == null ? topology.lines().keySet().stream().collect(
				java.util.stream.Collectors.toSet()) : lineIds;
		for (String id : ids) {
			LineFlow flow = new LineFlow();
			lines.put(id, flow);
			jdbc.query("select serial, status, holder_station, entry_station, received_at from part "
					+ "where line_id = ? and status in ('AT_STATION', 'IN_TRANSIT')", rs -> {
						Part p = Part.stored(id, rs.getString("serial"), Part.Status.valueOf(rs.getString("status")),
								rs.getString("holder_station"), rs.getString("entry_station"),
								instant(rs, "received_at"));
						flow.parts.put(p.serial(), p);
						flow.paths.put(p.serial(), new ArrayList<>(List.of(p.entryStation())));
					}, id);
			jdbc.query("select id, part_serial, from_station, to_station, passed_at, passed_by from hand_off "
					+ "where line_id = ? and decision = 'PENDING'", rs -> {
						HandOff h = HandOff.passed(rs.getLong("id"), id, rs.getString("part_serial"),
								rs.getString("from_station"), rs.getString("to_station"), instant(rs, "passed_at"),
								rs.getString("passed_by"));
						flow.pending.put(h.partSerial(), h);
					}, id);
			jdbc.query("select h.part_serial, h.to_station from hand_off h join part p on p.line_id = h.line_id "
					+ "and p.serial = h.part_serial where h.line_id = ? and h.decision = 'ACCEPTED' "
					+ "and p.status in ('AT_STATION', 'IN_TRANSIT') order by h.id", rs -> {
						flow.paths.get(rs.getString(1)).add(rs.getString(2));
					}, id);
			jdbc.query("select id, part_serial, code, found_at, origin_station, hand_off_id, opened_at, note "
					+ "from defect where line_id = ? and status = 'OPEN' order by id", rs -> {
						long handOff = rs.getLong("hand_off_id");
						Long handOffId = rs.wasNull() ? null : handOff;
						Defect d = new Defect(rs.getLong("id"), id, rs.getString("part_serial"),
								rs.getString("code"), rs.getString("found_at"), rs.getString("origin_station"),
								handOffId, instant(rs, "opened_at"), rs.getString("note"));
						flow.open.computeIfAbsent(d.partSerial(), s -> new ArrayList<>()).add(d);
					}, id);
			topology.line(id).ifPresent(line -> {
				if (line.escalation().rejectCount() > 0) {
					jdbc.query("select from_station, decided_at from hand_off where line_id = ? "
							+ "and decision = 'REJECTED' and decided_at >= ? order by decided_at", rs -> {
								flow.rejects.computeIfAbsent(rs.getString(1), s -> new ArrayDeque<>())
									.addLast(instant(rs, "decided_at"));
							}, id, time(clock.instant().minus(line.escalation().rejectWindow())));
				}
			});
		}
	}

	/** Looks up, in one query per line, the parts of the batch that are not in flow: finished ones, or new serials. */
	@Override
	public void prefetch(List<Queued> batch) {
		Map<String, Set<String>> missing = new HashMap<>();
		for (Queued q : batch) {
			String serial = q.request().partSerial();
			if (serial != null && q.line() != null) { // a SIGN_OFF's first piece is looked up when it is handled
				LineFlow flow = flow(q.line().id());
				if (!flow.parts.containsKey(serial) && !flow.outside.containsKey(serial)) {
					missing.computeIfAbsent(q.line().id(), l -> new HashSet<>()).add(serial);
				}
			}
		}
		missing.forEach(this::lookUp);
	}

	/**
	 * One primary-key lookup per serial: H2 does not use the key for {@code serial in (...)} after the line's
	 * equality (it scans the line's parts, which grow all shift long), so a list query would cost more each hour.
	 */
	private void lookUp(String lineId, Set<String> serials) {
		LineFlow flow = flow(lineId);
		for (String serial : serials) {
			List<Part> found = jdbc.query("select serial, status, holder_station, entry_station, received_at from part "
					+ "where line_id = ? and serial = ?", (rs, n) -> Part.stored(lineId, rs.getString("serial"),
							Part.Status.valueOf(rs.getString("status")), rs.getString("holder_station"),
							rs.getString("entry_station"), instant(rs, "received_at")), lineId, serial);
			if (!found.isEmpty() && found.get(0).inFlow()) {
				throw new IllegalStateException("part " + serial + " is in flow in the database but not in the "
						+ "writer's memory");
			}
			flow.outside.put(serial, found.isEmpty() ? Optional.empty() : Optional.of(found.get(0)));
		}
	}

	private LineFlow flow(String lineId) {
		return lines.computeIfAbsent(lineId, l -> new LineFlow());
	}

	/** The part as the line knows it: in flow, or gone (completed, scrapped); empty if it never came. */
	Optional<Part> part(String lineId, String serial) {
		LineFlow flow = flow(lineId);
		Part p = flow.parts.get(serial);
		if (p != null) {
			return Optional.of(p);
		}
		if (!flow.outside.containsKey(serial)) {
			lookUp(lineId, Set.of(serial));
		}
		return flow.outside.get(serial);
	}

	/** The hand-off of the part to the station that waits for its decision. */
	Optional<HandOff> pendingTo(String lineId, String station, String serial) {
		HandOff h = flow(lineId).pending.get(serial);
		return h != null && station.equals(h.toStation()) ? Optional.of(h) : Optional.empty();
	}

	/** The stations that have held the part, in order: its entry station, then every accepted hand-off. */
	List<String> path(String lineId, String serial) {
		return List.copyOf(flow(lineId).paths.getOrDefault(serial, List.of()));
	}

	/** The part's open defects, oldest first. */
	List<Defect> openDefects(String lineId, String serial) {
		return List.copyOf(flow(lineId).open.getOrDefault(serial, List.of()));
	}

	/**
	 * How many parts of a supplier its customers rejected since a moment (the repeated-rejects rule). Counts the
	 * rejects within the line's window; the writer's thread only.
	 */
	public long rejectsOf(String lineId, String supplier, Instant since) {
		ArrayDeque<Instant> times = flow(lineId).rejects.get(supplier);
		if (times == null) {
			return 0;
		}
		while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
			times.pollFirst();
		}
		return times.size();
	}

	void received(RowWrites writes, Part part) {
		LineFlow flow = flow(part.lineId());
		flow.outside.remove(part.serial());
		flow.parts.put(part.serial(), part);
		flow.paths.put(part.serial(), new ArrayList<>(List.of(part.entryStation())));
		writes.inserted(PARTS, part);
	}

	/** The part moved (or left the line): queued, and forgotten from the flow when it left. */
	void moved(RowWrites writes, Part part) {
		writes.updated(PARTS, part);
		if (!part.inFlow()) {
			LineFlow flow = flow(part.lineId());
			flow.parts.remove(part.serial());
			flow.paths.remove(part.serial());
			flow.pending.remove(part.serial());
			flow.open.remove(part.serial());
			flow.outside.put(part.serial(), Optional.of(part));
		}
	}

	void passed(RowWrites writes, String lineId, HandOff handOff) {
		flow(lineId).pending.put(handOff.partSerial(), handOff);
		writes.inserted(HAND_OFFS, handOff);
	}

	void blocked(RowWrites writes, HandOff attempt) {
		writes.inserted(HAND_OFFS, attempt);
	}

	void accepted(RowWrites writes, String lineId, HandOff handOff) {
		LineFlow flow = flow(lineId);
		flow.pending.remove(handOff.partSerial());
		flow.paths.computeIfAbsent(handOff.partSerial(), s -> new ArrayList<>()).add(handOff.toStation());
		writes.updated(HAND_OFFS, handOff);
	}

	void rejected(RowWrites writes, String lineId, HandOff handOff) {
		LineFlow flow = flow(lineId);
		flow.pending.remove(handOff.partSerial());
		flow.rejects.computeIfAbsent(handOff.fromStation(), s -> new ArrayDeque<>()).addLast(handOff.decidedAt());
		writes.updated(HAND_OFFS, handOff);
	}

	void opened(RowWrites writes, String lineId, Defect defect, Map<String, String> escapes) {
		flow(lineId).open.computeIfAbsent(defect.partSerial(), s -> new ArrayList<>()).add(defect);
		writes.inserted(DEFECTS, defect);
		escapes.forEach((station, role) -> writes.append(ESCAPE, defect.id(), station, lineId, role));
	}

	void closed(RowWrites writes, String lineId, String serial, List<Defect> defects) {
		List<Defect> open = flow(lineId).open.get(serial);
		if (open != null) {
			open.removeAll(defects);
			if (open.isEmpty()) {
				flow(lineId).open.remove(serial);
			}
		}
		defects.forEach(d -> writes.updated(DEFECTS, d));
	}
}
