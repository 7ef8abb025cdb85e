package org.andon.handoff;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.andon.command.CommandContext;
import org.andon.command.WriterMemory;
import org.andon.line.Line;
import org.andon.line.SuspectWindow;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.andon.command.CommandContext.data;
import static org.andon.log.RowWrites.instant;
import static org.andon.log.RowWrites.time;

/**
 * Containment in the command writer: when a defect is traced to the station that made it, the parts that station
 * passed on around the defective one are put on hold in the same commit, wherever they are now. Keeps, for the
 * writer's thread, the open holds (so a PASS of a held part is refused without a query), the containments they
 * belong to, and each station's recent passes in order (the window is counted in them; older ones are read from
 * {@code hand_off}).
 */
@Component
public class Containments implements WriterMemory {

	static final String CONTAINMENT_OPENED = "CONTAINMENT_OPENED";
	static final String PART_HELD = "PART_HELD";
	static final String HOLD_RELEASED = "HOLD_RELEASED";
	static final String HOLD_CONFIRMED = "HOLD_CONFIRMED";
	static final String CONTAINMENT_PAGED = "CONTAINMENT_PAGED";

	/** Passes kept per station; a window reaching further back is read from the table. */
	static final int PASSES_REMEMBERED = 2_000;

	private final JdbcTemplate jdbc;
	private final Topology topology;
	private final PartFlow flow;
	private final Map<Long, Hold> holds = new HashMap<>();
	private final Map<String, Hold> holdOfPart = new HashMap<>();
	private final Map<Long, Suspicion> open = new LinkedHashMap<>();
	private final Map<String, Passes> passes = new HashMap<>();

	Containments(JdbcTemplate jdbc, Topology topology, PartFlow flow) {
		this.jdbc = jdbc;
		this.topology = topology;
		this.flow = flow;
	}

	/** One pass of a part from a station to its customer: the hand-off's id orders them. */
	record Pass(long handOffId, String serial, Instant at) {
	}

	/** A station's recent passes; {@code loaded} once the ones before this node's memory were read from the table. */
	private static final class Passes {

		final ArrayDeque<Pass> recent = new ArrayDeque<>();
		boolean loaded;

		void add(Pass p) {
			recent.addLast(p);
			if (recent.size() > PASSES_REMEMBERED) {
				recent.pollFirst();
			}
		}
	}

	/** What an overdue containment pages about. */
	public record OpenHolds(long containmentId, String lineId, String origin, String defectCode, String defectSerial,
			int count, Long incidentId) {
	}

	@Override
	public void reload(Set<String> lineIds) {
		holds.values().removeIf(h -> lineIds == null || lineIds.contains(h.lineId()));
		holdOfPart.values().removeIf(h -> lineIds == null || lineIds.contains(h.lineId()));
		open.values().removeIf(c -> lineIds == null || lineIds.contains(c.lineId()));
		passes.keySet().removeIf(station -> lineIds == null
				|| topology.station(station).map(s -> lineIds.contains(s.lineId())).orElse(true));
		jdbc.query("select c.id, c.line_id, c.defect_id, c.part_serial, c.origin_station, c.defect_code, c.found_at, "
				+ "c.suspect_window, c.opened_at, c.incident_id from containment c where exists (select 1 from part_hold "
				+ "h where h.containment_id = c.id and h.status = 'OPEN') order by c.id", rs -> {
					if (lineIds == null || lineIds.contains(rs.getString("line_id"))) {
						long incident = rs.getLong("incident_id");
						Long incidentId = rs.wasNull() ? null : incident;
						Suspicion c = new Suspicion(rs.getLong("id"), rs.getString("line_id"), rs.getLong("defect_id"),
								rs.getString("part_serial"), rs.getString("origin_station"), rs.getString("defect_code"),
								rs.getString("found_at"), rs.getString("suspect_window"), instant(rs, "opened_at"),
								incidentId);
						open.put(c.id(), c);
					}
				});
		jdbc.query("select id, containment_id, line_id, part_serial, held_at, part_status, placed_at from part_hold "
				+ "where status = 'OPEN' order by id", rs -> {
					if (lineIds == null || lineIds.contains(rs.getString("line_id"))) {
						Hold h = new Hold(rs.getLong("id"), rs.getLong("containment_id"), rs.getString("line_id"),
								rs.getString("part_serial"), rs.getString("held_at"), rs.getString("part_status"),
								instant(rs, "placed_at"));
						holds.put(h.id(), h);
						holdOfPart.put(key(h.lineId(), h.serial()), h);
						Suspicion c = open.get(h.containmentId());
						if (c != null) {
							c.held();
						}
					}
				});
	}

	/** The open hold on a part, if any. */
	Optional<Hold> holdOn(String lineId, String serial) {
		return Optional.ofNullable(holdOfPart.get(key(lineId, serial)));
	}

	/** An open hold by id, or the hold as stored when it is closed; empty if there is none. */
	Optional<Hold> hold(long id) {
		return Optional.ofNullable(holds.get(id));
	}

	/** What the hold belongs to (open containments only). */
	Optional<Suspicion> containmentOf(Hold hold) {
		return Optional.ofNullable(open.get(hold.containmentId()));
	}

	/** A station passed a part on: remembered in order for the windows of later containments. */
	void passed(String station, long handOffId, String serial, Instant at) {
		passes.computeIfAbsent(station, s -> new Passes()).add(new Pass(handOffId, serial, at));
	}

	/**
	 * Puts the suspect parts of a defect on hold. {@code defectSerial} is the defective part; {@code ownWork} says
	 * the origin found it on its own part before passing it (so the suspects are the parts it passed just before).
	 * Writes CONTAINMENT_OPENED at the origin and one PART_HELD at each suspect's station; nothing when the window
	 * holds no other part.
	 */
	void contain(CommandContext ctx, long defectId, String defectSerial, String origin, String defectCode,
			boolean ownWork) {
		Line line = ctx.line();
		SuspectWindow window = line.containment().windowFor(defectCode);
		if (window.isEmpty()) {
			return;
		}
		Map<String, Part> suspects = new LinkedHashMap<>();
		List<String> alreadyHeld = new ArrayList<>();
		for (String serial : suspects(line, origin, defectSerial, ownWork, window, ctx.now())) {
			if (serial.equals(defectSerial) || suspects.containsKey(serial)) {
				continue;
			}
			if (holdOfPart.containsKey(key(line.id(), serial))) {
				alreadyHeld.add(serial);
				continue;
			}
			flow.part(line.id(), serial).filter(p -> p.status() != Part.Status.SCRAPPED)
				.ifPresent(p -> suspects.put(serial, p));
		}
		if (suspects.isEmpty()) {
			return;
		}
		List<Map<String, Object>> listed = new ArrayList<>();
		suspects.values().forEach(p -> listed.add(data("partSerial", p.serial(), "status", p.status().name(),
				"at", p.holder())));
		LoggedEvent opened = ctx.append(CONTAINMENT_OPENED, origin, defectSerial, data("defectId", defectId,
				"defectCode", defectCode, "foundAt", ctx.stationId(), "window", window.describe(), "suspects", listed,
				"alreadyHeld", alreadyHeld));
		Suspicion containment = new Suspicion(opened.seq(), line.id(), defectId, defectSerial, origin, defectCode,
				ctx.stationId(), window.describe(), opened.occurredAt(), null);
		ctx.log().writes().inserted(Suspicion.ROWS, containment);
		open.put(containment.id(), containment);
		for (Part p : suspects.values()) {
			LoggedEvent held = ctx.append(PART_HELD, p.holder(), p.serial(), data("containmentId", containment.id(),
					"origin", origin, "defectCode", defectCode, "defectSerial", defectSerial, "status",
					p.status().name()));
			Hold hold = new Hold(held.seq(), containment.id(), line.id(), p.serial(), p.holder(), p.status().name(),
					held.occurredAt());
			holds.put(hold.id(), hold);
			holdOfPart.put(key(line.id(), p.serial()), hold);
			containment.held();
			ctx.log().writes().inserted(Hold.ROWS, hold);
		}
	}

	/** Closes a hold (released or confirmed, already applied to it): the containment is over with its last hold. */
	void closed(CommandContext ctx, Hold hold) {
		holds.remove(hold.id());
		holdOfPart.remove(key(hold.lineId(), hold.serial()));
		ctx.log().writes().updated(Hold.ROWS, hold);
		Suspicion c = open.get(hold.containmentId());
		if (c != null) {
			c.closed();
			if (c.openHolds() <= 0) {
				open.remove(c.id());
			}
		}
	}

	/** The containment's open holds, for its overdue page; empty once every hold is closed. */
	public Optional<OpenHolds> openHolds(long containmentId) {
		Suspicion c = open.get(containmentId);
		return c == null ? Optional.empty() : Optional.of(new OpenHolds(c.id(), c.lineId(), c.origin(),
				c.defectCode(), c.serial(), c.openHolds(), c.incidentId()));
	}

	/** The containment's overdue holds were paged as an incident: it is paged once. */
	public void paged(CommandContext ctx, long containmentId, long incidentId) {
		Suspicion c = open.get(containmentId);
		if (c != null) {
			c.paged(incidentId);
			ctx.log().writes().updated(Suspicion.ROWS, c);
		}
	}

	/** The serials of the window around the defective part's pass, oldest first (may include the part itself). */
	private List<String> suspects(Line line, String origin, String serial, boolean ownWork, SuspectWindow w,
			Instant now) {
		Passes recent = passes(line.id(), origin);
		TreeMap<Long, Pass> known = new TreeMap<>();
		recent.recent.forEach(p -> known.put(p.handOffId(), p));
		Pass ref = ownWork ? null : lastPassOf(known, serial).orElseGet(() -> storedPassOf(line, origin, serial));
		if (!ownWork && ref == null) {
			return List.of(); // the origin never passed it (a named origin is checked against the path already)
		}
		if (w.around() != null) {
			Instant at = ref == null ? now : ref.at();
			storedPasses(line, origin, "passed_at between ? and ? order by id", 10_000, time(at.minus(w.around())),
					time(at.plus(w.around()))).forEach(p -> known.put(p.handOffId(), p));
			Set<String> out = new LinkedHashSet<>();
			known.values().stream().filter(p -> !p.at().isBefore(at.minus(w.around()))
					&& !p.at().isAfter(at.plus(w.around()))).forEach(p -> out.add(p.serial()));
			return List.copyOf(out);
		}
		if (ref != null && !known.containsKey(ref.handOffId())) {
			known.put(ref.handOffId(), ref);
			storedPasses(line, origin, "id < ? order by id desc", w.partsBefore(), ref.handOffId())
				.forEach(p -> known.put(p.handOffId(), p));
			storedPasses(line, origin, "id > ? order by id", w.partsAfter(), ref.handOffId())
				.forEach(p -> known.put(p.handOffId(), p));
		}
		List<Pass> ordered = new ArrayList<>(known.values());
		int at = ref == null ? ordered.size() : ordered.indexOf(known.get(ref.handOffId()));
		List<String> out = new ArrayList<>();
		ordered.subList(Math.max(0, at - w.partsBefore()), at).forEach(p -> out.add(p.serial()));
		if (ref != null) {
			ordered.subList(at + 1, Math.min(ordered.size(), at + 1 + w.partsAfter())).forEach(p -> out.add(p.serial()));
		}
		return out;
	}

	private static Optional<Pass> lastPassOf(TreeMap<Long, Pass> known, String serial) {
		return known.descendingMap().values().stream().filter(p -> p.serial().equals(serial)).findFirst();
	}

	private Pass storedPassOf(Line line, String origin, String serial) {
		List<Pass> found = jdbc.query("select id, part_serial, passed_at from hand_off where line_id = ? and "
				+ "from_station = ? and part_serial = ? and decision <> 'BLOCKED' order by id desc fetch first 1 rows only",
				(rs, n) -> new Pass(rs.getLong(1), rs.getString(2), instant(rs, "passed_at")), line.id(), origin,
				serial);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * A station's committed passes matching a condition. Only passes committed before this batch are in the table;
	 * the batch's own are in {@link #passes} already, so the two together are complete.
	 */
	private List<Pass> storedPasses(Line line, String origin, String where, int limit, Object... args) {
		Object[] all = new Object[args.length + 2];
		all[0] = line.id();
		all[1] = origin;
		System.arraycopy(args, 0, all, 2, args.length);
		return jdbc.query("select id, part_serial, passed_at from hand_off where line_id = ? and from_station = ? "
				+ "and decision <> 'BLOCKED' and " + where + " fetch first " + limit + " rows only",
				(rs, n) -> new Pass(rs.getLong(1), rs.getString(2), instant(rs, "passed_at")), all);
	}

	/** The station's passes, read from the table the first time a window needs them. */
	private Passes passes(String lineId, String station) {
		Passes p = passes.computeIfAbsent(station, s -> new Passes());
		if (!p.loaded) {
			List<Pass> stored = storedPasses(topology.line(lineId).orElseThrow(), station, "1 = 1 order by id desc",
					PASSES_REMEMBERED);
			TreeMap<Long, Pass> merged = new TreeMap<>();
			stored.forEach(s -> merged.put(s.handOffId(), s));
			p.recent.forEach(s -> merged.put(s.handOffId(), s));
			p.recent.clear();
			merged.values().forEach(p::add);
			p.loaded = true;
		}
		return p;
	}

	private static String key(String lineId, String serial) {
		return lineId + "\u0000" + serial;
	}
}
