package org.andon.incident;

import java.util.List;

import org.andon.command.CommandContext;
import org.andon.command.CommandFollower;
import org.andon.handoff.PartFlow;
import org.andon.line.EscalationPolicy;
import org.andon.line.Topology;
import org.andon.stop.Stops;
import org.andon.log.LoggedEvent;
import org.springframework.stereotype.Component;

/**
 * Follows what commands wrote: every STOP_STARTED opens an incident; a STOP_ENDED (a plain RESUME) resolves the
 * stop's incident; a HAND_OFF_REJECTED opens a repeated-rejects incident against the supplier when the line's rule
 * says so (for example 3 rejects of its parts within 10 minutes) and none is open for it yet; the last hold of an
 * overdue containment closing resolves the containment's incident.
 */
@Component
class IncidentOpener implements CommandFollower {

	private final Escalations escalations;
	private final IncidentRepository incidents;
	private final PartFlow handOffs;
	private final Topology topology;
	private final Stops stops;

	IncidentOpener(Escalations escalations, IncidentRepository incidents, PartFlow handOffs, Topology topology,
			Stops stops) {
		this.stops = stops;
		this.escalations = escalations;
		this.incidents = incidents;
		this.handOffs = handOffs;
		this.topology = topology;
	}

	@Override
	public void follow(CommandContext command, List<LoggedEvent> written) {
		for (LoggedEvent e : written) {
			// a RESUME names a stop, not a station: act on the line the entry is about
			CommandContext ctx = command.on(topology.line(e.lineId()).orElseThrow());
			switch (e.type()) {
				case "STOP_STARTED" -> {
					if (!e.data().has("fromCall")) { // a call that became a stop keeps its own incident
						escalations.open(ctx, e.stationId(), "STOP", e.seq(), e.text("reason"), e.text("defectCode"),
								e.text("note"));
					}
				}
				case "STOP_ENDED" -> incidents.findFirstByStopIdAndStatusNot(e.data().get("stopId").asLong(),
						Incident.RESOLVED).ifPresent(i -> resolveOnResume(ctx, i, e));
				case "HAND_OFF_REJECTED" -> repeatedRejects(ctx, e);
				case "HOLD_RELEASED", "HOLD_CONFIRMED" -> {
					// the last hold of a containment that was paged as overdue ends its incident
					if (e.data().path("containmentOver").asBoolean(false) && e.data().hasNonNull("incidentId")) {
						incidents.findById(e.data().get("incidentId").asLong()).filter(i -> !i.resolved())
							.ifPresent(i -> resolveContainment(ctx, i));
					}
				}
				default -> {
				}
			}
		}
	}

	private void resolveOnResume(CommandContext ctx, Incident incident, LoggedEvent ended) {
		String cause = ended.text("note") == null ? "resumed by " + ctx.actor().name() : ended.text("note");
		ctx.append(Escalations.RESOLVED, incident.stationId(), null, CommandContext.data("incidentId", incident.id(),
				"cause", cause, "countermeasure", null, "seconds",
				java.time.Duration.between(incident.openedAt(), ctx.now()).toSeconds()));
		incident.resolve(ctx.actor().name(), ctx.now(), cause, null);
		if (incident.isCall()) {
			stops.callClosed(ctx, incident.id());
		}
		escalations.update(ctx, incident, "RESOLVE", ctx.actor().name(), cause, null);
	}

	private void resolveContainment(CommandContext ctx, Incident incident) {
		String cause = "every suspect part released or confirmed by quality";
		ctx.append(Escalations.RESOLVED, incident.stationId(), null, CommandContext.data("incidentId", incident.id(),
				"cause", cause, "countermeasure", null, "seconds",
				java.time.Duration.between(incident.openedAt(), ctx.now()).toSeconds()));
		incident.resolve(ctx.actor().name(), ctx.now(), cause, null);
		escalations.update(ctx, incident, "RESOLVE", ctx.actor().name(), cause, null);
	}

	private void repeatedRejects(CommandContext ctx, LoggedEvent rejected) {
		EscalationPolicy policy = ctx.line().escalation();
		String supplier = rejected.text("supplier");
		if (policy.rejectCount() == 0) {
			return;
		}
		// counted in memory first: the query for an open incident runs only when the rule would fire
		long count = handOffs.rejectsOf(ctx.line().id(), supplier, ctx.now().minus(policy.rejectWindow()));
		if (count >= policy.rejectCount() && !incidents.existsByLineIdAndStationIdAndKindAndStatusNot(
				ctx.line().id(), supplier, "REJECTS", Incident.RESOLVED)) {
			escalations.open(ctx, supplier, "REJECTS", null, "QUALITY", rejected.text("defectCode"),
					count + " parts of " + supplier + " rejected within " + policy.rejectWindow().toMinutes()
							+ " minutes");
		}
	}
}
