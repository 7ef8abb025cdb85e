package org.andon.incident;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.CommandHandler;
import org.andon.command.Handled;
import org.andon.line.CallRoute;
import org.andon.line.CallType;
import org.andon.line.Line;
import org.andon.line.Role;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.StopReason;
import org.andon.stop.Stops;
import org.springframework.stereotype.Component;

/**
 * Andon calls: CALL opens one (the station goes CALLING and its team is paged); CONTAIN closes it in time, so it
 * never becomes a stop; CALL_TO_STOP (a lead's decision) or the line server's own AUTO_STOP at the end of the window
 * stops the line at the calling station, logged with the call it came from.
 */
@Component
class CallHandler implements CommandHandler {

	static final String CONTAINED = "CALL_CONTAINED";

	private final IncidentRepository incidents;
	private final Escalations escalations;
	private final Stops stops;
	private final Topology topology;

	CallHandler(IncidentRepository incidents, Escalations escalations, Stops stops, Topology topology) {
		this.incidents = incidents;
		this.escalations = escalations;
		this.stops = stops;
		this.topology = topology;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.CALL, CommandType.CONTAIN, CommandType.CALL_TO_STOP, CommandType.AUTO_STOP);
	}

	@Override
	public Handled handle(CommandContext ctx) {
		CommandRequest r = ctx.request();
		if (r.type() == CommandType.CALL) {
			return call(ctx);
		}
		Incident incident = incidents.findById(r.incidentId())
			.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_INCIDENT, "there is no incident " + r.incidentId()));
		CommandContext onLine = ctx.on(topology.line(incident.lineId()).orElseThrow());
		return switch (r.type()) {
			case CONTAIN -> contain(onLine, incident);
			case CALL_TO_STOP -> {
				incident.checkOpenCall();
				yield Handled.accepted(stop(onLine, incident, false));
			}
			case AUTO_STOP -> {
				incident.checkAutoStopDue(ctx.now());
				yield Handled.accepted(stop(onLine, incident, true));
			}
			default -> throw new IllegalArgumentException(r.type().name());
		};
	}

	private Handled call(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Line line = ctx.line();
		CallType type = CallType.valueOf(r.callType().toUpperCase(Locale.ROOT));
		CallRoute route = line.route(type);
		Duration window = route.windowAt(line.station(r.stationId()).orElseThrow());
		int before = ctx.log().appended().size();
		Incident incident = escalations.openCall(ctx, r.stationId(), type, r.defectCode(), r.note(),
				route.stopAtOnce() ? null : window);
		stops.callOpened(ctx, incident.id(), r.stationId(), type.name(),
				route.stopAtOnce() ? null : incident.openedAt().plus(window));
		if (route.stopAtOnce()) {
			stop(ctx, incident, true);
		}
		return Handled.accepted(ctx.log().appended().get(before));
	}

	private Handled contain(CommandContext ctx, Incident incident) {
		String who = ctx.actor().name();
		boolean lead = ctx.actor().roles().stream().anyMatch(Role::mayResume);
		if (!lead && !escalations.mayRespond(incident, who)) {
			throw escalations.notAResponder(incident, who, "contain");
		}
		Duration took = incident.contain(who, ctx.now(), ctx.request().note());
		LoggedEvent e = ctx.append(CONTAINED, incident.stationId(), null, CommandContext.data("incidentId",
				incident.id(), "callType", incident.callType(), "note", ctx.request().note(), "seconds",
				took.toSeconds()));
		stops.callClosed(ctx, incident.id());
		String how = ctx.request().note() == null ? "contained" : "contained: " + ctx.request().note();
		escalations.update(ctx, incident, "RESOLVE", who, how, null);
		return Handled.accepted(e);
	}

	/** The fixed-position stop: the line stops at the calling station, and the stop names the call it came from. */
	private LoggedEvent stop(CommandContext ctx, Incident incident, boolean automatic) {
		StopReason reason = switch (CallType.valueOf(incident.callType())) {
			case QUALITY -> StopReason.QUALITY;
			case MAINTENANCE -> StopReason.MAINTENANCE;
			case MATERIAL -> StopReason.MATERIAL;
			case SAFETY -> StopReason.SAFETY;
			case HELP -> StopReason.OTHER;
		};
		String note = automatic ? "automatic stop: " + incident.callType().toLowerCase(Locale.ROOT)
				+ " call " + incident.id() + " was not contained in time" : "call " + incident.id()
						+ " turned into a stop by " + ctx.actor().name();
		Map<String, Object> origin = new LinkedHashMap<>();
		origin.put("fromCall", incident.id());
		origin.put("callType", incident.callType());
		origin.put("automatic", automatic);
		LoggedEvent started = stops.start(ctx, incident.stationId(), reason, incident.defectCode(), note, origin);
		incident.stoppedBy(started.seq());
		stops.callBecameStop(ctx, incident.id(), started.seq());
		if (incident.suppressedBy() != null) {
			// shelving never hides a stop: the call kept quiet pages now that it stops the line
			incident.unsuppressed();
			escalations.page(ctx, incident);
		}
		return started;
	}
}
