package org.andon.stop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.andon.protocol.StationState;
import org.springframework.stereotype.Component;

/**
 * STOP and RESUME. A stop is logged as STOP_STARTED (naming the stations it halts and the suppliers it starves),
 * then one STATION_STATE_CHANGED per station whose state changes; RESUME logs STOP_ENDED (naming the stations it
 * releases) and the state changes back. Stations learn of both through those entries.
 */
@Component
class StopHandler implements CommandHandler {

	static final String STOP_STARTED = "STOP_STARTED";
	static final String STOP_ENDED = "STOP_ENDED";
	static final String STATE_CHANGED = "STATION_STATE_CHANGED";

	private final Topology topology;
	private final LineStopRepository stops;
	private final StationStatusRepository statuses;

	StopHandler(Topology topology, LineStopRepository stops, StationStatusRepository statuses) {
		this.topology = topology;
		this.stops = stops;
		this.statuses = statuses;
	}

	@Override
	public Set<CommandType> handles() {
		return Set.of(CommandType.STOP, CommandType.RESUME);
	}

	@Override
	public Handled handle(CommandContext ctx) {
		return ctx.request().type() == CommandType.STOP ? stop(ctx) : resume(ctx);
	}

	private Handled stop(CommandContext ctx) {
		CommandRequest r = ctx.request();
		Line line = ctx.line();
		String station = r.stationId();
		List<LineStop> active = new ArrayList<>(stops.active(line.id()));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("reason", r.reason().name());
		data.put("defectCode", r.defectCode());
		data.put("note", r.note());
		data.put("halted", List.copyOf(line.downstreamOf(station)));
		data.put("upstream", List.copyOf(line.upstreamOf(station)));
		LoggedEvent started = ctx.append(STOP_STARTED, null, data);
		LineStop stop = new LineStop(started.seq(), line.id(), station, r.reason(), r.defectCode(), r.note(),
				started.occurredAt(), ctx.actor().name());
		stops.save(stop);
		active.add(stop);
		applyStates(ctx, line, affected(line, station), active, stop.id());
		return Handled.accepted(started);
	}

	private Handled resume(CommandContext ctx) {
		CommandRequest r = ctx.request();
		LineStop stop = stops.findById(r.stopId())
			.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_STOP, "there is no stop " + r.stopId()));
		stop.checkActive();
		Line line = topology.line(stop.lineId()).orElseThrow();
		CommandContext onLine = ctx.on(line);
		List<LineStop> remaining = new ArrayList<>(stops.active(line.id()));
		remaining.removeIf(s -> s.id() == stop.id());
		List<String> released = new ArrayList<>();
		for (String s : affected(line, stop.stationId())) {
			if (StateRule.stateOf(s, line, remaining) == StationState.RUNNING) {
				released.add(s);
			}
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("stopId", stop.id());
		data.put("note", r.note());
		data.put("released", released);
		data.put("upstream", List.copyOf(line.upstreamOf(stop.stationId())));
		data.put("seconds", Duration.between(stop.view(ctx.now()).startedAt(), ctx.now()).toSeconds());
		LoggedEvent ended = onLine.append(STOP_ENDED, stop.stationId(), null, data);
		stop.end(ended.occurredAt(), ctx.actor().name(), ended.seq());
		applyStates(onLine, line, affected(line, stop.stationId()), remaining, stop.id());
		return Handled.accepted(ended);
	}

	private static Set<String> affected(Line line, String station) {
		Set<String> all = new LinkedHashSet<>();
		all.add(station);
		all.addAll(line.downstreamOf(station));
		return all;
	}

	private void applyStates(CommandContext ctx, Line line, Set<String> stations, List<LineStop> active, long stopId) {
		for (String s : stations) {
			StationStatus status = statuses.findById(s).orElseGet(() -> new StationStatus(s, line.id()));
			StationState to = StateRule.stateOf(s, line, active);
			if (status.state() != to) {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("from", status.state().name());
				data.put("to", to.name());
				data.put("stopId", stopId);
				LoggedEvent changed = ctx.append(STATE_CHANGED, s, null, data);
				status.change(to, changed.occurredAt(), changed.seq());
				statuses.save(status);
			}
		}
	}
}
