package org.andon.incident;

import java.time.Duration;
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
import org.springframework.stereotype.Component;

import static org.andon.command.CommandContext.data;

/**
 * The dead-man's handle: STATION_SILENT opens a SILENT incident at a station nobody can pull the andon at (no
 * terminal, tablet or MQTT device during a shift), paged up the line's escalation chain like a stop; STATION_BACK
 * resolves it by itself when the station is back. Both come only from the line server ({@code silence.Silence}).
 */
@Component
class SilentStationHandler implements CommandHandler {

	static final String KIND = "SILENT";

	private final IncidentRepository incidents;
	private final Escalations escalations;
	private final Topology topology;

	SilentStationHandler(IncidentRepository incidents, Escalations escalations, Topology topology) {
		this.incidents = incidents;
		this.escalations = escalations;
		this.topology = topology;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.STATION_SILENT, CommandType.STATION_BACK);
	}

	@Override
	public Handled handle(CommandContext ctx) {
		CommandRequest r = ctx.request();
		if (r.type() == CommandType.STATION_SILENT) {
			Line line = topology.station(r.stationId()).map(s -> topology.lineOf(s.id()))
				.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_STATION, "unknown station " + r.stationId()));
			if (incidents.existsByLineIdAndStationIdAndKindAndStatusNot(line.id(), r.stationId(), KIND,
					Incident.RESOLVED)) {
				throw Refusal.refuse(ErrorCode.ESCALATION_NOT_DUE, "station " + r.stationId()
						+ " already has an open SILENT incident");
			}
			CommandContext onLine = ctx.on(line);
			int before = ctx.log().appended().size();
			escalations.open(onLine, r.stationId(), KIND, null, KIND, null, r.note());
			return Handled.accepted(ctx.log().appended().get(before));
		}
		Incident incident = incidents.findById(r.incidentId())
			.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_INCIDENT, "there is no incident " + r.incidentId()));
		if (!KIND.equals(incident.kind())) {
			throw Refusal.refuse(ErrorCode.FORBIDDEN, "incident " + incident.id() + " is not a silent station");
		}
		incident.checkNotResolved();
		CommandContext onLine = ctx.on(topology.line(incident.lineId()).orElseThrow());
		String cause = "station back online";
		LoggedEvent e = onLine.append(Escalations.RESOLVED, incident.stationId(), null, data("incidentId",
				incident.id(), "cause", cause, "countermeasure", null, "seconds",
				Duration.between(incident.openedAt(), ctx.now()).toSeconds()));
		incident.resolve(ctx.actor().name(), e.occurredAt(), cause, null);
		escalations.update(onLine, incident, "RESOLVE", ctx.actor().name(), cause, null);
		return Handled.accepted(e);
	}
}
