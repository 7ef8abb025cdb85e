package org.andon.stop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.StationState;
import org.andon.protocol.StopReason;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starting and ending stops inside a command's transaction. A refusal thrown here must not doom the shared
 * group-commit transaction (it is thrown before anything is written), hence {@code noRollbackFor}. A stop is logged as STOP_STARTED (naming the stations
 * it halts and the suppliers it starves), then one STATION_STATE_CHANGED per station whose state changes; ending it
 * logs STOP_ENDED (naming the stations it releases) and the state changes back.
 */
@Service
public class Stops {

	private final Topology topology;
	private final LineStopRepository stops;
	private final StationStatusRepository statuses;
	private final StationCallRepository calls;

	Stops(Topology topology, LineStopRepository stops, StationStatusRepository statuses, StationCallRepository calls) {
		this.topology = topology;
		this.stops = stops;
		this.statuses = statuses;
		this.calls = calls;
	}

	/** Starts the stop the command asks for; returns its STOP_STARTED entry (whose seq is the stop id). */
	@Transactional(propagation = Propagation.MANDATORY, noRollbackFor = Refusal.Refused.class)
	public LoggedEvent start(CommandContext ctx) {
		CommandRequest r = ctx.request();
		return start(ctx, r.stationId(), r.reason(), r.defectCode(), r.note(), Map.of());
	}

	/**
	 * Starts a stop at a station of the context's line. {@code origin} is added to the STOP_STARTED entry (for an
	 * automatic stop: the call it came from).
	 */
	@Transactional(propagation = Propagation.MANDATORY, noRollbackFor = Refusal.Refused.class)
	public LoggedEvent start(CommandContext ctx, String station, StopReason reason, String defectCode, String note,
			Map<String, Object> origin) {
		Line line = ctx.line();
		List<LineStop> active = new ArrayList<>(stops.active(line.id()));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("reason", reason.name());
		data.put("defectCode", defectCode);
		data.put("note", note);
		data.put("halted", List.copyOf(line.downstreamOf(station)));
		data.put("upstream", List.copyOf(line.upstreamOf(station)));
		data.putAll(origin);
		LoggedEvent started = ctx.append(StopHandler.STOP_STARTED, station, null, data);
		LineStop stop = new LineStop(started.seq(), line.id(), station, reason, defectCode, note,
				started.occurredAt(), ctx.actor().name());
		stops.save(stop);
		active.add(stop);
		applyStates(ctx, line, affected(line, station), active, Map.of("stopId", stop.id()));
		return started;
	}

	/** A call opened at a station: it goes CALLING unless a stop outranks that. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void callOpened(CommandContext ctx, long incidentId, String station, String callType, Instant autoStopAt) {
		calls.save(new StationCall(incidentId, ctx.line().id(), station, callType, ctx.now(), autoStopAt));
		Map<String, Object> cause = new LinkedHashMap<>();
		cause.put("callId", incidentId);
		cause.put("callType", callType);
		cause.put("autoStopAt", autoStopAt == null ? null : autoStopAt.toString());
		applyStates(ctx, ctx.line(), Set.of(station), stops.active(ctx.line().id()), cause);
	}

	/** A call turned into a stop: its station shows the stop, and the call closes together with that stop. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void callBecameStop(long incidentId, long stopId) {
		calls.findById(incidentId).ifPresent(call -> call.becameStop(stopId));
	}

	/** A call closed (contained, or its stop resolved): the station leaves CALLING if no other call holds it. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void callClosed(CommandContext ctx, long incidentId) {
		calls.findById(incidentId).ifPresent(call -> {
			calls.delete(call);
			calls.flush();
			applyStates(ctx, ctx.line(), Set.of(call.stationId()), stops.active(ctx.line().id()),
					Map.of("callId", incidentId));
		});
	}

	/** Ends a stop; refuses an unknown or already ended one. Returns its STOP_ENDED entry. */
	@Transactional(propagation = Propagation.MANDATORY, noRollbackFor = Refusal.Refused.class)
	public LoggedEvent end(CommandContext ctx, long stopId) {
		LineStop stop = stops.findById(stopId)
			.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_STOP, "there is no stop " + stopId));
		stop.checkActive();
		Line line = topology.line(stop.lineId()).orElseThrow();
		// a call that became this stop ends with it: the station goes straight back to RUNNING, no CALLING flicker
		calls.findByStopId(stop.id()).forEach(calls::delete);
		calls.flush();
		CommandContext onLine = ctx.on(line);
		List<LineStop> remaining = new ArrayList<>(stops.active(line.id()));
		remaining.removeIf(s -> s.id() == stop.id());
		List<String> released = new ArrayList<>();
		for (String s : affected(line, stop.stationId())) {
			if (StateRule.stateOf(s, line, remaining, List.of()) == StationState.RUNNING) {
				released.add(s);
			}
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("stopId", stop.id());
		data.put("note", ctx.request().note());
		data.put("released", released);
		data.put("upstream", List.copyOf(line.upstreamOf(stop.stationId())));
		data.put("seconds", Duration.between(stop.view(ctx.now()).startedAt(), ctx.now()).toSeconds());
		LoggedEvent ended = onLine.append(StopHandler.STOP_ENDED, stop.stationId(), null, data);
		stop.end(ended.occurredAt(), ctx.actor().name(), ended.seq());
		applyStates(onLine, line, affected(line, stop.stationId()), remaining, Map.of("stopId", stop.id()));
		return ended;
	}

	/** Whether a stop exists and is still active. */
	@Transactional(propagation = Propagation.MANDATORY, noRollbackFor = Refusal.Refused.class)
	public boolean isActive(long stopId) {
		return stops.findById(stopId).map(LineStop::active).orElse(false);
	}

	/** The stop's view, if it exists. */
	@Transactional(propagation = Propagation.MANDATORY, noRollbackFor = Refusal.Refused.class)
	public Optional<StopView> find(long stopId, java.time.Instant now) {
		return stops.findById(stopId).map(s -> s.view(now));
	}

	private static Set<String> affected(Line line, String station) {
		Set<String> all = new LinkedHashSet<>();
		all.add(station);
		all.addAll(line.downstreamOf(station));
		return all;
	}

	private void applyStates(CommandContext ctx, Line line, Set<String> stations, List<LineStop> active,
			Map<String, Object> cause) {
		List<StationCall> open = calls.findByLineId(line.id());
		for (String s : stations) {
			StationStatus status = statuses.findById(s).orElseGet(() -> new StationStatus(s, line.id()));
			StationState to = StateRule.stateOf(s, line, active, open);
			if (status.state() != to) {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("from", status.state().name());
				data.put("to", to.name());
				data.putAll(cause);
				LoggedEvent changed = ctx.append(StopHandler.STATE_CHANGED, s, null, data);
				status.change(to, changed.occurredAt(), changed.seq());
				statuses.save(status);
			}
		}
	}
}
