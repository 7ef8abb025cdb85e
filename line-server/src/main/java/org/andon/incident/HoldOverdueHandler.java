package org.andon.incident;

import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.CommandHandler;
import org.andon.command.Handled;
import org.andon.handoff.Containments;
import org.andon.line.Topology;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * The line server's own HOLD_OVERDUE: a containment's holds stayed open longer than the line allows, so an incident
 * of kind HOLD opens at the origin station and climbs the line's containment chain (the quality lead first). Paged
 * once per containment; the incident resolves itself when the last hold is released or confirmed.
 */
@Component
class HoldOverdueHandler implements CommandHandler {

	private final Containments containments;
	private final Escalations escalations;
	private final Topology topology;

	HoldOverdueHandler(Containments containments, Escalations escalations, Topology topology) {
		this.containments = containments;
		this.escalations = escalations;
		this.topology = topology;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.HOLD_OVERDUE);
	}

	@Override
	public Handled handle(CommandContext command) {
		long id = command.request().holdId();
		Containments.OpenHolds open = containments.openHolds(id).filter(h -> h.incidentId() == null)
			.orElseThrow(() -> Refusal.refuse(ErrorCode.ESCALATION_NOT_DUE, "containment " + id
					+ " has no open holds left, or was paged already"));
		CommandContext ctx = command.on(topology.line(open.lineId()).orElseThrow());
		int before = ctx.log().appended().size();
		Incident incident = escalations.open(ctx, open.origin(), "HOLD", null, "QUALITY", open.defectCode(),
				open.count() + " suspect part(s) of " + open.origin() + " still on hold after " + open.defectCode()
						+ " on " + open.defectSerial() + " (containment " + id + ")");
		containments.paged(ctx, id, incident.id());
		return Handled.accepted(ctx.log().appended().get(before));
	}
}
