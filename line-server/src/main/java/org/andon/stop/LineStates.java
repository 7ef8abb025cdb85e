package org.andon.stop;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.andon.line.Line;
import org.andon.line.Station;
import org.andon.line.Topology;
import org.andon.log.EventLog;
import org.andon.protocol.StationState;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of stops: station states, the stops that hold a station, stop history. Also used by the rules. */
@Service
public class LineStates {

	private final Topology topology;
	private final StationStatusRepository statuses;
	private final LineStopRepository stops;
	private final EventLog log;
	private final Clock clock;
	private final StationCallRepository calls;

	LineStates(Topology topology, StationStatusRepository statuses, LineStopRepository stops, EventLog log,
			Clock clock, StationCallRepository calls) {
		this.calls = calls;
		this.topology = topology;
		this.statuses = statuses;
		this.stops = stops;
		this.log = log;
		this.clock = clock;
	}

	/** Every station of a line with its state and the stops holding it, current to one log position. */
	@Transactional(readOnly = true)
	public List<StationView> line(String lineId) {
		Line line = topology.line(lineId).orElseThrow();
		long seq = log.lastSeq();
		Map<String, StationStatus> byId = statuses.findByLineId(lineId).stream()
			.collect(Collectors.toMap(StationStatus::stationId, Function.identity()));
		List<LineStop> active = stops.active(lineId);
		List<StationCall> open = calls.findByLineId(lineId);
		Instant now = clock.instant();
		return line.stations().stream().map(s -> view(s, line, byId.get(s.id()), active, open, now, seq)).toList();
	}

	/** One station's view, for a station that (re)connects. */
	@Transactional(readOnly = true)
	public StationView station(String stationId) {
		Station station = topology.station(stationId).orElseThrow();
		Line line = topology.lineOf(stationId);
		long seq = log.lastSeq();
		return view(station, line, statuses.findById(stationId).orElse(null), stops.active(line.id()),
				calls.findByStationId(stationId), clock.instant(), seq);
	}

	/**
	 * The active stops at the station's customers, direct or further down the line: the "customer stopped" condition
	 * (nothing it passes is taken for now). Oldest first. Joins the caller's transaction.
	 */
	@Transactional(readOnly = true)
	public List<StopView> customerStops(String stationId) {
		Line line = topology.lineOf(stationId);
		java.util.Set<String> customers = line.downstreamOf(stationId);
		Instant now = clock.instant();
		return stops.active(line.id()).stream()
			.filter(stop -> customers.contains(stop.stationId()))
			.map(stop -> stop.view(now)).toList();
	}

	/** Stops, newest first, optionally only those still active. */
	@Transactional(readOnly = true)
	public Page<StopView> stops(String lineId, String stationId, boolean activeOnly, int page, int size) {
		Instant now = clock.instant();
		return stops.search(lineId, stationId, activeOnly, PageRequest.of(page, size)).map(s -> s.view(now));
	}

	/** How many stations are in each state right now, for the metrics gauge. */
	@Transactional(readOnly = true)
	public long countIn(StationState state) {
		long stored = statuses.countByState(state);
		if (state == StationState.RUNNING) {
			return stored + topology.stations().size() - statuses.count();
		}
		return stored;
	}

	private static StationView view(Station s, Line line, StationStatus status, List<LineStop> active,
			List<StationCall> open, Instant now, long seq) {
		List<StopView> holding = active.stream()
			.filter(stop -> stop.stationId().equals(s.id()) || line.downstreamOf(stop.stationId()).contains(s.id()))
			.map(stop -> stop.view(now)).toList();
		List<CallView> calling = open.stream().filter(c -> c.stationId().equals(s.id())).map(StationCall::view)
			.toList();
		return new StationView(s.id(), s.name(), line.id(), status == null ? StationState.RUNNING : status.state(),
				status == null ? null : status.since(), holding, calling, seq);
	}
}
