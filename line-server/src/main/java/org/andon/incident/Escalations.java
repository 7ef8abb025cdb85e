package org.andon.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.line.CallType;
import org.andon.line.EscalationLevel;
import org.andon.line.EscalationPolicy;
import org.andon.line.Line;
import org.andon.line.Person;
import org.andon.line.Role;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.andon.paging.Notice;
import org.andon.paging.Pager;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * Opens incidents and pages their escalation steps, inside the command's transaction: the INCIDENT_PAGED entry,
 * the step, the pages in the outbox and the next timer are committed together or not at all.
 */
@Component
class Escalations {

	static final String OPENED = "INCIDENT_OPENED";
	static final String PAGED = "INCIDENT_PAGED";
	static final String ACKNOWLEDGED = "INCIDENT_ACKNOWLEDGED";
	static final String RESOLVED = "INCIDENT_RESOLVED";

	private final Topology topology;
	private final IncidentRepository incidents;
	private final IncidentStepRepository steps;
	private final Pager pager;
	private final Suppressions suppressions;

	Escalations(Topology topology, IncidentRepository incidents, IncidentStepRepository steps, Pager pager,
			Suppressions suppressions) {
		this.suppressions = suppressions;
		this.topology = topology;
		this.incidents = incidents;
		this.steps = steps;
		this.pager = pager;
	}

	/** Opens an incident at a station of the context's line and pages its first level at once. */
	Incident open(CommandContext ctx, String stationId, String kind, Long stopId, String reason, String defectCode,
			String note) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("kind", kind);
		data.put("stopId", stopId);
		data.put("reason", reason);
		data.put("defectCode", defectCode);
		data.put("note", note);
		// a reject burst may be shelved; a stop, and a containment overdue, always page
		var quiet = "REJECTS".equals(kind) ? suppressions.suppressing(stationId, kind, ctx.now())
				: java.util.Optional.<Suppression>empty();
		data.put("suppressedBy", quiet.map(Suppression::describe).orElse(null));
		LoggedEvent opened = ctx.append(OPENED, stationId, null, data);
		Incident incident = new Incident(opened.seq(), ctx.line().id(), stationId, kind, stopId, reason, defectCode,
				note, opened.occurredAt());
		incidents.save(incident);
		if (quiet.isPresent()) {
			incident.suppressedBy(quiet.get().id);
		}
		else {
			page(ctx, incident);
		}
		return incident;
	}

	/**
	 * Opens a call at a station: routed to its type's team and escalation chain, the station goes CALLING, the
	 * shift lead is told of it (push), and the fixed-position timer is set to the end of its window ({@code null}
	 * for a call that stops the line at once).
	 */
	Incident openCall(CommandContext ctx, String stationId, CallType type, String defectCode, String note,
			java.time.Duration window) {
		Instant autoStopAt = window == null ? null : ctx.now().plus(window);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("kind", "CALL");
		data.put("callType", type.name());
		data.put("team", ctx.line().route(type).team());
		data.put("defectCode", defectCode);
		data.put("note", note);
		data.put("autoStopAt", autoStopAt == null ? null : autoStopAt.toString());
		// a shelved call, or one at a station out of service, is logged and shown but pages nobody (a safety call
		// always pages); it pages when the suppression ends, or at once if it becomes a stop
		var quiet = type == CallType.SAFETY ? java.util.Optional.<Suppression>empty()
				: suppressions.suppressing(stationId, type.name(), ctx.now());
		data.put("suppressedBy", quiet.map(Suppression::describe).orElse(null));
		LoggedEvent opened = ctx.append(OPENED, stationId, ctx.request().partSerial(), data);
		Incident incident = Incident.call(opened.seq(), ctx.line().id(), stationId, type.name(), defectCode, note,
				opened.occurredAt(), autoStopAt);
		incidents.save(incident);
		if (quiet.isPresent()) {
			incident.suppressedBy(quiet.get().id);
			return incident;
		}
		page(ctx, incident);
		List<Person> leads = recipients(ctx.line(), new EscalationLevel("shift lead", List.of("role:LEAD"),
				List.of("push"), java.time.Duration.ZERO), ctx.now());
		Notice notice = notice("TRIGGER", incident, ctx.line(), 1, "shift lead (told of every call)",
				leads.stream().map(Person::username).toList(), null, null, null);
		pager.trigger(notice, "incident/" + incident.id() + "/lead", List.of("push"), leads, ctx.now());
		return incident;
	}

	/** The chain an incident climbs: a call's team chain, or the line's own. */
	static EscalationPolicy policyFor(Line line, Incident incident) {
		if ("HOLD".equals(incident.kind())) {
			return line.containment().escalation();
		}
		return incident.isCall() ? line.route(CallType.valueOf(incident.callType())).escalation() : line.escalation();
	}

	/** Pages the incident's next step: the next level, or the last level again. */
	void page(CommandContext ctx, Incident incident) {
		Line line = ctx.line();
		EscalationPolicy policy = policyFor(line, incident);
		int step = incident.steps() + 1;
		int levelIndex = Math.min(step - 1, policy.levels().size() - 1);
		EscalationLevel level = policy.level(levelIndex);
		Instant now = ctx.now();
		List<Person> people = recipients(line, level, now);
		List<String> names = people.stream().map(Person::username).toList();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("incidentId", incident.id());
		data.put("step", step);
		data.put("level", levelIndex + 1);
		data.put("levelName", level.name());
		data.put("paged", names);
		data.put("channels", level.channels());
		data.put("nextEscalationAt", now.plus(level.ackWithin()).toString());
		LoggedEvent paged = ctx.append(PAGED, incident.stationId(), null, data);
		incident.paged(levelIndex, paged.occurredAt().plus(level.ackWithin()));
		steps.save(new IncidentStep(incident.id(), step, levelIndex, level.name(), paged.occurredAt(),
				String.join(",", names)));
		Notice notice = notice("TRIGGER", incident, line, levelIndex + 1, level.name(), names, null, null, null);
		pager.trigger(notice, "incident/" + incident.id() + "/step/" + step, level.channels(), people, now);
	}

	/** Tells the webhooks that were triggered that the incident was acknowledged or resolved. */
	void update(CommandContext ctx, Incident incident, String event, String by, String cause, String countermeasure) {
		Line line = topology.line(incident.lineId()).orElseThrow();
		Notice notice = notice(event, incident, line, incident.levelReached() + 1,
				policyFor(line, incident).level(incident.levelReached()).name(), List.of(), by, cause, countermeasure);
		pager.update(notice, "incident/" + incident.id() + "/" + event.toLowerCase(), ctx.now());
	}

	/** Whether a person was paged for this incident at any step. */
	boolean wasPaged(Incident incident, String username) {
		return steps.findByIncidentIdOrderByStep(incident.id()).stream()
			.anyMatch(s -> List.of(s.paged().split(",")).contains(username));
	}

	/** The team a call is routed to on its line; null for a route without a team, and for other incidents. */
	String teamOf(Incident incident) {
		return incident.isCall() ? topology.line(incident.lineId())
			.map(l -> l.route(CallType.valueOf(incident.callType())).team()).orElse(null) : null;
	}

	/**
	 * Whether a person answers this incident: paged for it at any step, or a member of the team its call is routed
	 * to. A team member the roster did not page (the colleague on the same shift who got there first) may answer
	 * too; a member of another team may not.
	 */
	boolean mayRespond(Incident incident, String username) {
		String team = teamOf(incident);
		boolean inTeam = team != null && topology.person(username).map(p -> p.teams().contains(team)).orElse(false);
		return inTeam || wasPaged(incident, username);
	}

	/** The FORBIDDEN refusal of someone who may not {@code act} (acknowledge, contain) this incident. */
	RuntimeException notAResponder(Incident incident, String username, String act) {
		String team = teamOf(incident);
		return Refusal.refuse(ErrorCode.FORBIDDEN, team == null
				? username + " was not paged for incident " + incident.id() + "; the people paged, a lead, a supervisor"
						+ " or an admin " + act + " it"
				: username + " is not in the " + team + " team that call " + incident.id() + " is routed to and was"
						+ " not paged for it; the " + team + " team, the people paged, a lead, a supervisor or an"
						+ " admin " + act + " it");
	}

	/**
	 * Who a level pages now: for {@code role:X} the holder on the roster's current shift, or everyone with the role
	 * when no shift names one (better too many than nobody); for {@code user:NAME} that person.
	 */
	List<Person> recipients(Line line, EscalationLevel level, Instant now) {
		Set<Person> people = new LinkedHashSet<>();
		for (String target : level.page()) {
			if (target.startsWith("user:")) {
				topology.person(target.substring(5)).ifPresent(people::add);
				continue;
			}
			if (target.startsWith("team:")) {
				String team = target.substring(5);
				line.roster().teamHolder(team, now, topology.zone()).flatMap(topology::person)
					.ifPresentOrElse(people::add, () -> people.addAll(topology.inTeam(team)));
				continue;
			}
			Role role = Role.valueOf(target.substring(5));
			line.roster().holder(role, now, topology.zone()).flatMap(topology::person)
				.ifPresentOrElse(people::add, () -> people.addAll(topology.withRole(role)));
		}
		return new ArrayList<>(people);
	}

	private Notice notice(String event, Incident i, Line line, int level, String levelName, List<String> paged,
			String by, String cause, String countermeasure) {
		String stationName = line.station(i.stationId()).map(s -> s.name()).orElse(i.stationId());
		return new Notice(event, i.id(), line.id(), line.name(), i.stationId(), stationName, i.kind(), i.reason(),
				i.defectCode(), i.note(), i.openedAt(), level, levelName, paged, by, cause, countermeasure,
				pager.linkTo(i.id()));
	}
}
