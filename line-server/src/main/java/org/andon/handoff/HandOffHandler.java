package org.andon.handoff;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.CommandHandler;
import org.andon.command.Handled;
import org.andon.line.DefectCode;
import org.andon.line.Line;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.Resolution;
import org.andon.protocol.StationState;
import org.andon.stop.Stops;
import org.springframework.stereotype.Component;

import static org.andon.command.CommandContext.data;

/**
 * The part flow between stations under the three-no rules: receive, accept, reject, report, clear, pass. Checked
 * against the parts in flow in memory ({@link PartFlow}) and the station states ({@link Stops}); every change is
 * queued as rows of the group commit, never loaded or saved through JPA.
 */
@Component
class HandOffHandler implements CommandHandler {

	static final String PART_RECEIVED = "PART_RECEIVED";
	static final String PART_PASSED = "PART_PASSED";
	static final String PART_COMPLETED = "PART_COMPLETED";
	static final String PASS_BLOCKED = "PASS_BLOCKED";
	static final String HAND_OFF_ACCEPTED = "HAND_OFF_ACCEPTED";
	static final String HAND_OFF_REJECTED = "HAND_OFF_REJECTED";
	static final String DEFECT_REPORTED = "DEFECT_REPORTED";
	static final String DEFECT_CLEARED = "DEFECT_CLEARED";

	private final PartFlow flow;
	private final Stops stops;
	private final Containments containments;

	HandOffHandler(PartFlow flow, Stops stops, Containments containments) {
		this.flow = flow;
		this.stops = stops;
		this.containments = containments;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.RECEIVE, CommandType.ACCEPT, CommandType.REJECT, CommandType.REPORT_DEFECT,
				CommandType.CLEAR_DEFECT, CommandType.PASS);
	}

	@Override
	public Handled handle(CommandContext ctx) {
		return switch (ctx.request().type()) {
			case RECEIVE -> receive(ctx);
			case ACCEPT -> accept(ctx);
			case REJECT -> reject(ctx);
			case REPORT_DEFECT -> report(ctx);
			case CLEAR_DEFECT -> clear(ctx);
			case PASS -> pass(ctx);
			default -> throw new IllegalArgumentException(ctx.request().type().name());
		};
	}

	private Handled receive(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Line line = ctx.line();
		if (!line.isEntry(r.stationId())) {
			throw Refusal.refuse(ErrorCode.NOT_AN_ENTRY_STATION, "parts enter line " + line.id()
					+ " at its entry stations; " + r.stationId() + " receives parts from " + line.suppliersOf(r.stationId()));
		}
		if (flow.part(line.id(), r.partSerial()).isPresent()) {
			throw Refusal.refuse(ErrorCode.PART_ALREADY_ON_LINE, "part " + r.partSerial() + " was already received on "
					+ "line " + line.id() + " (a serial enters a line once, even after it finished or was scrapped)");
		}
		refuseUnlessRunning(r.stationId(), "start a new part");
		LoggedEvent e = ctx.append(PART_RECEIVED, r.partSerial(), data("note", r.note()));
		flow.received(ctx.log().writes(), new Part(line.id(), r.partSerial(), r.stationId(), e.occurredAt()));
		return Handled.accepted(e);
	}

	private Handled accept(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Part part = part(ctx);
		HandOff h = pending(ctx);
		LoggedEvent e = ctx.append(HAND_OFF_ACCEPTED, r.partSerial(),
				data("handOffId", h.id(), "from", h.fromStation()));
		h.accept(e.occurredAt(), ctx.actor().name(), e.seq());
		part.heldBy(r.stationId());
		flow.accepted(ctx.log().writes(), ctx.line().id(), h);
		flow.moved(ctx.log().writes(), part);
		return Handled.accepted(e);
	}

	private Handled reject(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Part part = part(ctx);
		HandOff h = pending(ctx);
		List<String> path = flow.path(ctx.line().id(), r.partSerial());
		Origin origin = origin(ctx, path, path.size());
		Map<String, Object> d = data("handOffId", h.id(), "supplier", h.fromStation(), "defectCode", r.defectCode(),
				"note", r.note(), "origin", origin.station(), "escapes", origin.escapes());
		LoggedEvent e = ctx.append(HAND_OFF_REJECTED, r.partSerial(), d);
		h.reject(e.occurredAt(), ctx.actor().name(), e.seq(), r.defectCode(), r.note());
		part.heldBy(h.fromStation());
		flow.rejected(ctx.log().writes(), ctx.line().id(), h);
		flow.moved(ctx.log().writes(), part);
		openDefect(ctx, e, origin, h.id());
		return Handled.accepted(e);
	}

	private Handled report(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Part part = part(ctx);
		part.checkHeldBy(r.stationId());
		List<String> path = flow.path(ctx.line().id(), r.partSerial());
		Origin origin = origin(ctx, path, path.size() - 1);
		LoggedEvent e = ctx.append(DEFECT_REPORTED, r.partSerial(), data("defectCode", r.defectCode(), "note",
				r.note(), "origin", origin.station(), "escapes", origin.escapes()));
		openDefect(ctx, e, origin, null);
		return Handled.accepted(e);
	}

	private Handled clear(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Part part = part(ctx);
		part.checkHeldBy(r.stationId());
		List<Defect> open = flow.openDefects(ctx.line().id(), r.partSerial());
		if (open.isEmpty()) {
			throw Refusal.refuse(ErrorCode.NO_OPEN_DEFECT, "part " + r.partSerial() + " has no open defect");
		}
		LoggedEvent e = ctx.append(DEFECT_CLEARED, r.partSerial(), data("resolution", r.resolution().name(),
				"defects", open.stream().map(Defect::id).toList(), "note", r.note()));
		open.forEach(d -> d.close(r.resolution(), e.occurredAt(), ctx.actor().name()));
		flow.closed(ctx.log().writes(), ctx.line().id(), r.partSerial(), open);
		if (r.resolution() == Resolution.SCRAPPED) {
			part.scrap();
			flow.moved(ctx.log().writes(), part);
		}
		return Handled.accepted(e);
	}

	/** Don't pass: checked in this order so the worker hears about the part before the line. */
	private Handled pass(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Line line = ctx.line();
		Part part = part(ctx);
		part.checkHeldBy(r.stationId());
		List<String> customers = line.customersOf(r.stationId());
		String to = r.to();
		if (to == null && customers.size() > 1) {
			throw Refusal.refuse(ErrorCode.CUSTOMER_REQUIRED, r.stationId() + " has several customers " + customers
					+ "; say which one in 'to'");
		}
		if (to == null && customers.size() == 1) {
			to = customers.get(0);
		}
		List<Defect> open = flow.openDefects(line.id(), r.partSerial());
		StationState state = stops.stateOf(r.stationId());
		ErrorCode block = null;
		String why = null;
		if (!open.isEmpty()) {
			block = ErrorCode.PART_HAS_OPEN_DEFECT;
			why = "don't pass: part " + r.partSerial() + " has open defect "
					+ open.stream().map(Defect::code).distinct().toList() + "; rework or scrap it first";
		}
		else if (containments.holdOn(line.id(), r.partSerial()).isPresent()) {
			Hold hold = containments.holdOn(line.id(), r.partSerial()).get();
			block = ErrorCode.PART_ON_HOLD;
			why = "don't pass: part " + r.partSerial() + " is on hold " + hold.id() + containments.containmentOf(hold)
				.map(c -> " (a suspect of " + c.defectCode() + " on " + c.serial() + ", made at " + c.origin() + ")")
				.orElse("") + "; quality releases or confirms it first";
		}
		else if (state == StationState.STOPPED) {
			block = ErrorCode.STATION_STOPPED;
			why = r.stationId() + " is stopped: no part passes until the lead resumes the line";
		}
		else if (state == StationState.HALTED) {
			block = ErrorCode.STATION_HALTED;
			why = r.stationId() + " is halted by a stop upstream: no part passes until it is resumed";
		}
		if (block != null) {
			LoggedEvent e = ctx.append(PASS_BLOCKED, r.partSerial(), data("to", to, "because", block.name(),
					"defects", open.stream().map(Defect::id).toList()));
			flow.blocked(ctx.log().writes(), HandOff.blocked(e.seq(), line.id(), r.partSerial(), r.stationId(), to,
					e.occurredAt(), ctx.actor().name(), block.name()));
			return Handled.blocked(e, block, why);
		}
		if (to == null) {
			LoggedEvent e = ctx.append(PART_COMPLETED, r.partSerial(), data("note", r.note()));
			part.complete();
			flow.moved(ctx.log().writes(), part);
			return Handled.accepted(e);
		}
		LoggedEvent e = ctx.append(PART_PASSED, r.partSerial(), data("to", to, "note", r.note()));
		flow.passed(ctx.log().writes(), line.id(), HandOff.passed(e.seq(), line.id(), r.partSerial(), r.stationId(),
				to, e.occurredAt(), ctx.actor().name()));
		containments.passed(r.stationId(), e.seq(), r.partSerial(), e.occurredAt());
		part.sendTo(to);
		flow.moved(ctx.log().writes(), part);
		return Handled.accepted(e);
	}

	private void refuseUnlessRunning(String station, String what) {
		StationState state = stops.stateOf(station);
		if (state == StationState.STOPPED) {
			throw Refusal.refuse(ErrorCode.STATION_STOPPED, station + " is stopped and cannot " + what);
		}
		if (state == StationState.HALTED) {
			throw Refusal.refuse(ErrorCode.STATION_HALTED, station + " is halted by a stop upstream and cannot "
					+ what);
		}
	}

	private Part part(CommandContext ctx) {
		String serial = ctx.request().partSerial();
		return flow.part(ctx.line().id(), serial).orElseThrow(() -> Refusal
			.refuse(ErrorCode.UNKNOWN_PART, "part " + serial + " is not on line " + ctx.line().id()));
	}

	private HandOff pending(CommandContext ctx) {
		CommandRequest r = ctx.request();
		return flow.pendingTo(ctx.line().id(), r.stationId(), r.partSerial())
			.orElseThrow(() -> Refusal.refuse(ErrorCode.NO_PENDING_HAND_OFF, "no supplier has passed part "
					+ r.partSerial() + " to " + r.stationId()));
	}

	/**
	 * Where the defect was made and who let it through. The origin is the one named in the command, else the one the
	 * defect code names; it must have held the part before the finder (path up to {@code passedBy}, exclusive).
	 * Every station from the origin's first visit on that passed the part is an escape: the origin itself (it made
	 * and passed it) and each station after it that missed it.
	 */
	private Origin origin(CommandContext ctx, List<String> path, int passedBy) {
		CommandRequest r = ctx.request();
		String named = r.originStationId();
		String origin = named != null ? named
				: ctx.line().defectCode(r.defectCode()).map(DefectCode::originStationId).orElse(null);
		if (origin == null) {
			// A rejected part's origin is unknown unless named; a reported defect is the reporter's own work.
			return new Origin(r.type() == CommandType.REPORT_DEFECT ? r.stationId() : null, List.of());
		}
		if (origin.equals(r.stationId())) {
			return new Origin(origin, List.of());
		}
		int at = path.subList(0, passedBy).indexOf(origin);
		if (at < 0) {
			if (named != null) {
				throw Refusal.refuse(ErrorCode.INVALID_FIELD, "origin station " + named + " never held part "
						+ r.partSerial() + " before " + r.stationId() + " (its path: " + path + ")");
			}
			return new Origin(null, List.of());
		}
		Set<String> escaped = new LinkedHashSet<>(path.subList(at, passedBy));
		return new Origin(origin, List.copyOf(escaped));
	}

	private void openDefect(CommandContext ctx, LoggedEvent e, Origin origin, Long handOffId) {
		CommandRequest r = ctx.request();
		Map<String, String> escapes = new java.util.LinkedHashMap<>();
		for (String s : origin.escapes()) {
			escapes.put(s, s.equals(origin.station()) ? "ORIGIN" : "MISSED");
		}
		flow.opened(ctx.log().writes(), ctx.line().id(), new Defect(e.seq(), ctx.line().id(), r.partSerial(),
				r.defectCode(), r.stationId(), origin.station(), handOffId, e.occurredAt(), r.note()), escapes);
		if (origin.station() != null) {
			// what else did the origin make like it? put it on hold wherever it is, in this same commit
			containments.contain(ctx, e.seq(), r.partSerial(), origin.station(), r.defectCode(),
					origin.station().equals(r.stationId()));
		}
	}

	private record Origin(String station, List<String> escapes) {
	}
}
