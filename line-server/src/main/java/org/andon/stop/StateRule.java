package org.andon.stop;

import java.util.Collection;

import org.andon.line.Line;
import org.andon.protocol.StationState;

/** The one rule for a station's state: its own active stop makes it STOPPED, any active stop upstream HALTED. */
final class StateRule {

	private StateRule() {
	}

	static StationState stateOf(String stationId, Line line, Collection<LineStop> activeStops) {
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
