package org.andon.stop;

import java.util.Collection;

import org.andon.line.Line;
import org.andon.protocol.StationState;

/**
 * The one rule for a station's state: its own active stop makes it STOPPED, any active stop upstream HALTED, an open
 * call of its own CALLING; otherwise it is RUNNING.
 */
final class StateRule {

	private StateRule() {
	}

	static StationState stateOf(String stationId, Line line, Collection<LineStop> activeStops,
			Collection<StationCall> openCalls) {
		StationState byStops = stateOf(stationId, line, activeStops);
		if (byStops == StationState.RUNNING && openCalls.stream().anyMatch(c -> c.stationId().equals(stationId))) {
			return StationState.CALLING;
		}
		return byStops;
	}

	private static StationState stateOf(String stationId, Line line, Collection<LineStop> activeStops) {
		boolean halted = false;
		for (LineStop stop : activeStops) {
			if (stop.stationId().equals(stationId)) {
				return StationState.STOPPED;
			}
			halted |= line.downstreamOf(stop.stationId()).contains(stationId);
		}
		return halted ? StationState.HALTED : StationState.RUNNING;
	}
}
