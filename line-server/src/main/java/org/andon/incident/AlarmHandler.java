package org.andon.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import static org.andon.command.CommandContext.data;

/**
 * Alarm discipline (ISA-18.2) at a station: SHELVE a repeating call or reject-burst alarm for a limited time (it
 * comes back by itself: SHELF_EXPIRED), UNSHELVE it early, TAKE_OUT_OF_SERVICE and RETURN_TO_SERVICE. Each start and
 * end is logged with who and why. Alarms that opened while quiet page when the suppression ends; a stop always pages.
 */
@Component
class AlarmHandler implements CommandHandler {

	static final String SHELVED = "ALARM_SHELVED";
	static final String UNSHELVED = "ALARM_UNSHELVED";
	static final String OUT_OF_SERVICE = "STATION_OUT_OF_SERVICE";
	static final String IN_SERVICE = "STATION_IN_SERVICE";

	private final Suppressions suppressions;
	private final IncidentRepository incidents;
	private final Escalations escalations;
	private final Topology topology;
	private final Duration maxShelf;

	AlarmHandler(Suppressions suppressions, IncidentRepository incidents, Escalations escalations, Topology topology,
			@Value("${andon.alarms.max-shelf:8h}") Duration maxShelf) {
		this.suppressions = suppressions;
		this.incidents = incidents;
		this.escalations = escalations;
		this.topology = topology;
		this.maxShelf = maxShelf;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.SHELVE, CommandType.UNSHELVE, CommandType.TAKE_OUT_OF_SERVICE,
				CommandType.RETURN_TO_SERVICE, CommandType.SHELF_EXPIRED);
	}

	@Override
	public Handled handle(CommandContext command) {
		CommandRequest r = command.request();
		Line line = topology.station(r.stationId()).map(s -> topology.lineOf(s.id())).orElseThrow(() -> Refusal
			.refuse(ErrorCode.UNKNOWN_STATION, "unknown station '" + r.stationId() + "'"));
		CommandContext ctx = command.on(line);
		String station = r.stationId();
		return switch (r.type()) {
			case SHELVE -> Handled.accepted(shelve(ctx, station, r.callType()));
			case UNSHELVE -> Handled.accepted(end(ctx, suppressions.inForce(station, Suppression.SHELF, r.callType())
				.orElseThrow(() -> Refusal.refuse(ErrorCode.ALARM_NOT_SUPPRESSED, "the " + alarm(r.callType())
						+ " alarm at " + station + " is not shelved")), UNSHELVED, "unshelved by "
								+ ctx.actor().name() + (r.note() == null ? "" : ": " + r.note())));
			case SHELF_EXPIRED -> Handled.accepted(end(ctx, suppressions.inForce(station, Suppression.SHELF,
					r.callType()).filter(s -> !s.until.isAfter(ctx.now())).orElseThrow(() -> Refusal.refuse(
							ErrorCode.ESCALATION_NOT_DUE, "no shelf of " + r.callType() + " at " + station
									+ " is past its time")), UNSHELVED, "the shelf's time is up"));
			case TAKE_OUT_OF_SERVICE -> Handled.accepted(outOfService(ctx, station));
			case RETURN_TO_SERVICE -> Handled.accepted(end(ctx, suppressions.inForce(station,
					Suppression.OUT_OF_SERVICE, null).orElseThrow(() -> Refusal.refuse(ErrorCode.ALARM_NOT_SUPPRESSED,
							station + " is in service")), IN_SERVICE, "returned to service by " + ctx.actor().name()
									+ (r.note() == null ? "" : ": " + r.note())));
			default -> throw new IllegalArgumentException(r.type().name());
		};
	}

	private LoggedEvent shelve(CommandContext ctx, String station, String alarm) {
		if ("SAFETY".equals(alarm)) {
			throw Refusal.refuse(ErrorCode.ALARM_NOT_SHELVABLE, "a safety call is never shelved");
		}
		Duration time = Duration.ofMinutes(ctx.request().minutes());
		if (time.compareTo(maxShelf) > 0) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, "a shelf lasts at most " + maxShelf.toMinutes()
					+ " minutes (andon.alarms.max-shelf); take the station out of service for longer");
		}
		suppressions.inForce(station, Suppression.SHELF, alarm).ifPresent(s -> {
			throw Refusal.refuse(ErrorCode.ALARM_ALREADY_SUPPRESSED, "the " + alarm(alarm) + " alarm at " + station
					+ " is already " + s.describe());
		});
		Instant until = ctx.now().plus(time);
		LoggedEvent e = ctx.append(SHELVED, station, null, data("alarm", alarm, "until", until.toString(), "minutes",
				time.toMinutes(), "reason", ctx.request().note()));
		Suppression s = new Suppression(e.seq(), ctx.line().id(), station, Suppression.SHELF, alarm,
				ctx.request().note(), e.occurredAt(), ctx.actor().name(), until);
		suppressions.started(s);
		ctx.log().writes().inserted(Suppression.ROWS, s);
		return e;
	}

	private LoggedEvent outOfService(CommandContext ctx, String station) {
		suppressions.inForce(station, Suppression.OUT_OF_SERVICE, null).ifPresent(s -> {
			throw Refusal.refuse(ErrorCode.ALARM_ALREADY_SUPPRESSED, station + " is already out of service: "
					+ s.describe());
		});
		LoggedEvent e = ctx.append(OUT_OF_SERVICE, station, null, data("reason", ctx.request().note()));
		Suppression s = new Suppression(e.seq(), ctx.line().id(), station, Suppression.OUT_OF_SERVICE,
				Suppression.ALL, ctx.request().note(), e.occurredAt(), ctx.actor().name(), null);
		suppressions.started(s);
		ctx.log().writes().inserted(Suppression.ROWS, s);
		return e;
	}

	/** Ends a suppression; the alarms it kept quiet page now, unless another suppression still covers them. */
	private LoggedEvent end(CommandContext ctx, Suppression s, String type, String why) {
		List<Incident> quiet = incidents.suppressedBy(s.id);
		LoggedEvent e = ctx.append(type, s.stationId, null, data("suppressionId", s.id, "alarm", s.alarm, "reason",
				why, "seconds", Duration.between(s.startedAt, ctx.now()).toSeconds(), "comesBack",
				quiet.stream().map(Incident::id).toList()));
		s.end(e.occurredAt(), ctx.actor().name(), why);
		suppressions.ended(s);
		ctx.log().writes().updated(Suppression.ROWS, s);
		for (Incident incident : quiet) {
			String alarm = incident.isCall() ? incident.callType() : incident.kind();
			var still = suppressions.suppressing(incident.stationId(), alarm, ctx.now());
			if (still.isPresent()) {
				incident.suppressedBy(still.get().id);
			}
			else {
				incident.unsuppressed();
				escalations.page(ctx, incident);
			}
		}
		return e;
	}

	private static String alarm(String alarm) {
		return "REJECTS".equals(alarm) ? "reject-burst" : alarm.toLowerCase(java.util.Locale.ROOT) + " call";
	}
}
