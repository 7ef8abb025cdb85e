package org.andon.incident;

import java.time.Duration;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.CommandHandler;
import org.andon.command.Handled;
import org.andon.line.Role;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.stop.Stops;
import org.springframework.stereotype.Component;

import static org.andon.command.CommandContext.data;

/** ACKNOWLEDGE, RESOLVE, and the line server's own ESCALATE. */
@Component
class IncidentHandler implements CommandHandler {

	private final IncidentRepository incidents;
	private final Escalations escalations;
	private final Stops stops;
	private final Topology topology;

	IncidentHandler(IncidentRepository incidents, Escalations escalations, Stops stops, Topology topology) {
		this.incidents = incidents;
		this.escalations = escalations;
		this.stops = stops;
		this.topology = topology;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.ACKNOWLEDGE, CommandType.RESOLVE, CommandType.ESCALATE);
	}

	@Override
	public Handled handle(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Incident incident = incidents.findById(r.incidentId())
			.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_INCIDENT, "there is no incident " + r.incidentId()));
		CommandContext onLine = ctx.on(topology.line(incident.lineId()).orElseThrow());
		return switch (r.type()) {
			case ACKNOWLEDGE -> acknowledge(onLine, incident);
			case RESOLVE -> resolve(onLine, incident);
			case ESCALATE -> escalate(onLine, incident);
			default -> throw new IllegalArgumentException(r.type().name());
		};
	}

	private Handled acknowledge(CommandContext ctx, Incident incident) {
		String who = ctx.actor().name();
		boolean higher = ctx.actor().has(Role.SUPERVISOR) || ctx.actor().has(Role.ADMIN)
				|| incident.isCall() && ctx.actor().isLeadOrHigher();
		if (!higher && !escalations.mayRespond(incident, who)) {
			throw incident.isCall() ? escalations.notAResponder(incident, who, "acknowledge")
					: Refusal.refuse(ErrorCode.FORBIDDEN, who + " was not paged for incident " + incident.id()
							+ "; the people paged, a supervisor or an admin acknowledge it");
		}
		Duration took = incident.acknowledge(who, ctx.now(), ctx.request().note());
		LoggedEvent e = ctx.append(Escalations.ACKNOWLEDGED, incident.stationId(), null,
				data("incidentId", incident.id(), "note", ctx.request().note(), "seconds", took.toSeconds(),
						"callType", incident.callType(), "team", incident.isCall() ? ctx.line()
							.route(org.andon.line.CallType.valueOf(incident.callType())).team() : null));
		escalations.update(ctx, incident, "ACKNOWLEDGE", who, null, null);
		return Handled.accepted(e);
	}

	private Handled resolve(CommandContext ctx, Incident incident) {
		CommandRequest r = ctx.request();
		incident.checkNotResolved();
		if (incident.stopId() != null && stops.isActive(incident.stopId())) {
			stops.checkResumable(ctx, incident.stopId()); // a quality stop still needs both keys
		}
		LoggedEvent e = ctx.append(Escalations.RESOLVED, incident.stationId(), null, data("incidentId",
				incident.id(), "cause", r.cause(), "countermeasure", r.countermeasure(), "seconds",
				Duration.between(incident.openedAt(), ctx.now()).toSeconds()));
		incident.resolve(ctx.actor().name(), e.occurredAt(), r.cause(), r.countermeasure());
		if (incident.stopId() != null && stops.isActive(incident.stopId())) {
			stops.end(ctx, incident.stopId());
		}
		if (incident.isCall()) {
			stops.callClosed(ctx, incident.id());
		}
		escalations.update(ctx, incident, "RESOLVE", ctx.actor().name(), r.cause(), r.countermeasure());
		return Handled.accepted(e);
	}

	private Handled escalate(CommandContext ctx, Incident incident) {
		incident.checkDue(ctx.request().step(), ctx.now());
		int before = ctx.log().appended().size();
		escalations.page(ctx, incident);
		return Handled.accepted(ctx.log().appended().get(before));
	}
}
