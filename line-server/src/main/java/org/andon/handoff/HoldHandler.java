package org.andon.handoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.CommandHandler;
import org.andon.command.Handled;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.andon.command.CommandContext.data;
import static org.andon.log.RowWrites.instant;

/**
 * Quality's decision on a held part: RELEASE_HOLD (inspected good, back in flow) or CONFIRM_HOLD (the defect is on
 * it too: a defect with its code is opened at the part's station, which then reworks or scraps it as usual). Both
 * are logged with who and why; the last hold of a containment ends it.
 */
@Component
class HoldHandler implements CommandHandler {

	private final Containments containments;
	private final PartFlow flow;
	private final Topology topology;
	private final JdbcTemplate jdbc;

	HoldHandler(Containments containments, PartFlow flow, Topology topology, JdbcTemplate jdbc) {
		this.containments = containments;
		this.flow = flow;
		this.topology = topology;
		this.jdbc = jdbc;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.RELEASE_HOLD, CommandType.CONFIRM_HOLD);
	}

	@Override
	public Handled handle(CommandContext command) {
		CommandRequest r = command.request();
		Hold hold = containments.hold(r.holdId()).orElseThrow(() -> refuseClosed(r.holdId()));
		Line line = topology.line(hold.lineId()).orElseThrow();
		CommandContext ctx = command.on(line);
		if (r.type() == CommandType.CONFIRM_HOLD && line.defectCode(r.defectCode()).isEmpty()) {
			throw Refusal.refuse(ErrorCode.UNKNOWN_DEFECT_CODE, "defect code '" + r.defectCode() + "' is not in the "
					+ "list of line " + line.id());
		}
		Part part = flow.part(line.id(), hold.serial()).orElseThrow();
		Suspicion containment = containments.containmentOf(hold).orElse(null);
		boolean last = containment == null || containment.openHolds() <= 1;
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("holdId", hold.id());
		d.put("containmentId", hold.containmentId());
		d.put("note", r.note());
		d.put("seconds", Duration.between(hold.placedAt(), ctx.now()).toSeconds());
		d.put("containmentOver", last);
		d.put("incidentId", containment == null ? null : containment.incidentId());
		if (r.type() == CommandType.RELEASE_HOLD) {
			LoggedEvent e = ctx.append(Containments.HOLD_RELEASED, part.holder(), hold.serial(), d);
			hold.release(e.occurredAt(), ctx.actor().name(), e.seq(), r.note());
			containments.closed(ctx, hold);
			return Handled.accepted(e);
		}
		String origin = containment == null ? null : containment.origin();
		d.put("defectCode", r.defectCode());
		d.put("origin", origin);
		LoggedEvent e = ctx.append(Containments.HOLD_CONFIRMED, part.holder(), hold.serial(), d);
		hold.confirm(e.occurredAt(), ctx.actor().name(), e.seq(), r.note(), e.seq());
		containments.closed(ctx, hold);
		// the defect is found where the part is now (or, for a part that left the line, where the containment began)
		String foundAt = part.holder() != null ? part.holder() : containment != null ? containment.foundAt() : origin;
		flow.opened(ctx.log().writes(), line.id(), new Defect(e.seq(), line.id(), hold.serial(), r.defectCode(),
				foundAt, origin, null, e.occurredAt(), r.note()), escapes(line.id(), hold.serial(), origin, part));
		return Handled.accepted(e);
	}

	/** The origin made and passed it; every station after it that passed it on missed it. */
	private Map<String, String> escapes(String lineId, String serial, String origin, Part part) {
		Map<String, String> escapes = new LinkedHashMap<>();
		if (origin == null) {
			return escapes;
		}
		List<String> path = new ArrayList<>(flow.path(lineId, serial));
		if (part.status() == Part.Status.AT_STATION && !path.isEmpty()) {
			path.remove(path.size() - 1); // the station holding it has not passed it on
		}
		int at = path.indexOf(origin);
		if (at < 0) {
			escapes.put(origin, "ORIGIN");
			return escapes;
		}
		for (String s : path.subList(at, path.size())) {
			escapes.putIfAbsent(s, s.equals(origin) ? "ORIGIN" : "MISSED");
		}
		return escapes;
	}

	/** A hold not open in memory: closed (who closed it, when), or never placed. */
	private RuntimeException refuseClosed(long holdId) {
		List<String> closed = jdbc.query("select status, closed_by, closed_at from part_hold where id = ?",
				(rs, n) -> rs.getString(1).toLowerCase() + " by " + rs.getString(2) + " at " + instant(rs, "closed_at"),
				holdId);
		if (closed.isEmpty()) {
			return Refusal.refuse(ErrorCode.UNKNOWN_HOLD, "there is no hold " + holdId);
		}
		return Refusal.refuse(ErrorCode.HOLD_CLOSED, "hold " + holdId + " was already " + closed.get(0));
	}
}
